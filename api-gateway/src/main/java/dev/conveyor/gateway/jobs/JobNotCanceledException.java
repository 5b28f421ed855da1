package dev.conveyor.gateway.jobs;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Kafka did not acknowledge a cancel in time: the job may still run, and the client may try again. */
class JobNotCanceledException extends ErrorResponseException {

    private static final String RETRY_AFTER_SECONDS = "5";

    JobNotCanceledException(String jobId, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(jobId), cause);
        getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }

    private static ProblemDetail problem(String jobId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Kafka did not acknowledge the cancel of job " + jobId + "; it may still run, try again later");
        problem.setTitle("Job not canceled");
        return problem;
    }
}
