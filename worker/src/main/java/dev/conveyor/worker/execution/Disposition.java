package dev.conveyor.worker.execution;

/**
 * What becomes of a request once its job reached an end its snapshots already tell: done, or
 * also copied to the dead-letter topic for the reason given.
 *
 * @param deadLetterReason why the request goes to the dead-letter topic; {@code null} if it does not
 */
public record Disposition(String deadLetterReason) {

    public static final Disposition DONE = new Disposition(null);

    static Disposition deadLetter(String reason) {
        return new Disposition(reason);
    }

    public boolean deadLettered() {
        return deadLetterReason != null;
    }
}
