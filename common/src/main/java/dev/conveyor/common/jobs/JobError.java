package dev.conveyor.common.jobs;

/**
 * Why a job did not succeed.
 *
 * @param kind a short machine-readable class of error, e.g. {@code timeout}, {@code http-status}
 * @param message what went wrong, for people
 */
public record JobError(String kind, String message) {

    /**
     * The kind a gateway of record format 1 gave a job whose request Kafka did not acknowledge in
     * time; such a request may have reached Kafka all the same. Read, never written.
     */
    public static final String NOT_ENQUEUED = "not-enqueued";

    /** An unexpected failure, described by its type and the first message along its causes. */
    public static JobError of(Throwable failure) {
        return new JobError("exception", describe(failure));
    }

    /**
     * {@code ConnectException: Connection refused} rather than a bare {@code null}: many JDK
     * exceptions carry their message on a cause.
     */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return failure.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }
}
