package dev.conveyor.worker.targets;

/**
 * A check was aimed outside its queue's target scope and did not connect. Not about the target,
 * so not a check's finding: a job of the check's own type fails {@link #KIND}, never retried; a
 * profile reports the check as an error.
 */
public class TargetRefusedException extends RuntimeException {

    /** The error kind of a job whose target was refused. */
    public static final String KIND = "target-refused";

    public TargetRefusedException(String message) {
        super(message);
    }
}
