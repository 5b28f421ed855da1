package dev.conveyor.gateway.auth;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Kafka did not acknowledge a token's new state in time: nothing changed, and the client may try
 * again. A token that Kafka does not hold would work on this gateway only, until its restart.
 */
class TokenNotSavedException extends ErrorResponseException {

    private static final String RETRY_AFTER_SECONDS = "5";

    TokenNotSavedException(String what, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(what), cause);
        getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }

    private static ProblemDetail problem(String what) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Kafka did not acknowledge " + what + "; nothing changed, try again later");
        problem.setTitle("Token not saved");
        return problem;
    }
}
