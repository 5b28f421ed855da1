package dev.conveyor.gateway.jobs;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Kafka did not acknowledge jobs in time: those were not accepted (they end {@code DEAD}), and the
 * client may try again.
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
                ? "Kafka did not acknowledge job " + jobIds.getFirst() + "; it was not queued, try again later"
                : "Kafka did not acknowledge " + jobIds.size() + " of " + submitted
                        + " jobs; those were not queued (the others were), try them again later";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Job not queued");
        problem.setProperty("notQueued", jobIds);
        return problem;
    }
}
