package dev.conveyor.common.jobs;

/** Thrown when code tries to move a job to a state the lifecycle does not allow. */
public class IllegalTransitionException extends IllegalStateException {

    public IllegalTransitionException(String jobId, JobStatus from, JobStatus to) {
        super("job " + jobId + " cannot go from " + from + " to " + to);
    }
}
