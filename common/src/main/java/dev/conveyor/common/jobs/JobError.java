package dev.conveyor.common.jobs;

/**
 * Why a job did not succeed.
 *
 * @param kind a short machine-readable class of error, e.g. {@code timeout}, {@code http-status}
 * @param message what went wrong, for people
 */
public record JobError(String kind, String message) {

    public static JobError of(Throwable failure) {
        String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        return new JobError("exception", message);
    }
}
