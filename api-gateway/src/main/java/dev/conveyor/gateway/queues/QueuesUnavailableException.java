package dev.conveyor.gateway.queues;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Kafka did not tell the queues' offsets in time; the client may ask again. */
class QueuesUnavailableException extends ErrorResponseException {

    private static final String RETRY_AFTER_SECONDS = "5";

    QueuesUnavailableException(String reason, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(reason), cause);
        getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }

    private static ProblemDetail problem(String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Kafka did not tell the queues' offsets: " + reason + "; try again later");
        problem.setTitle("Queues unavailable");
        return problem;
    }
}
