package dev.conveyor.gateway.jobs;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Kafka did not acknowledge jobs in time. Those are not accepted, but may be queued all the same
 * (an expired send may have reached Kafka): the client sends the same request again with the same
 * {@code Idempotency-Key}, which makes each job queued exactly once, or looks each job up later.
 */
class JobNotEnqueuedException extends ErrorResponseException {

    private static final String RETRY_AFTER_SECONDS = "5";

    /**
     * @param jobIds the jobs not queued
     * @param submitted how many jobs the request submitted
     */
    JobNotEnqueuedException(List<String> jobIds, int submitted, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(jobIds, submitted), cause);
        getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }

    private static ProblemDetail problem(List<String> jobIds, int submitted) {
        String detail = submitted == 1
                ? "Kafka did not acknowledge job " + jobIds.getFirst() + " in time, so it is not known to be queued;"
                        + " send the request again with the same Idempotency-Key to queue it exactly once"
                : "Kafka did not acknowledge " + jobIds.size() + " of " + submitted
                        + " jobs in time, so those are not known to be queued (the others are); send the request"
                        + " again with the same Idempotency-Key to queue each exactly once";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Job not queued");
        problem.setProperty("notQueued", jobIds);
        return problem;
    }
}
