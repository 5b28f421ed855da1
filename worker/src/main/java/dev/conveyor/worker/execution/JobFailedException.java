package dev.conveyor.worker.execution;

import dev.conveyor.common.jobs.JobError;

/** A job ran to its end and did not pass, for a reason the executor names. */
public class JobFailedException extends Exception {

    private final JobError error;

    public JobFailedException(String kind, String message) {
        super(message);
        this.error = new JobError(kind, message);
    }

    JobError error() {
        return error;
    }
}
