package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobSnapshot;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A job in a final state was asked to change: nothing follows a final state. */
class JobAlreadyEndedException extends ErrorResponseException {

    JobAlreadyEndedException(JobSnapshot job) {
        super(HttpStatus.CONFLICT, problem(job), null);
    }

    private static ProblemDetail problem(JobSnapshot job) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "job '" + job.id()
                + "' already ended " + job.status() + "; only a queued, retrying or running job can be canceled");
        problem.setTitle("Job already ended");
        // Not "status": that is the HTTP status of every problem.
        problem.setProperty("jobStatus", job.status());
        return problem;
    }
}
