package dev.conveyor.worker.execution;

import dev.conveyor.common.jobs.JobError;

/**
 * A job ran to its end and did not pass, for a reason the executor names. The executor also says
 * whether the failure is transient (worth another attempt: a refused connection, an HTTP 503) or
 * would only happen again (a wrong expectation, bad input); a retry policy without a
 * {@code retryOn} list follows that judgement.
 */
public class JobFailedException extends Exception {

    private final JobError error;
    private final boolean transientFailure;

    public JobFailedException(String kind, String message, boolean transientFailure) {
        super(message);
        this.error = new JobError(kind, message);
        this.transientFailure = transientFailure;
    }

    JobError error() {
        return error;
    }

    boolean isTransient() {
        return transientFailure;
    }
}
