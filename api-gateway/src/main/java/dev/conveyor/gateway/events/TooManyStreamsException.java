package dev.conveyor.gateway.events;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A stream past a cap of {@link EventStreamProperties}: answered 429, with when to try again. */
class TooManyStreamsException extends ErrorResponseException {

    /** Streams end with their jobs: a slot is likely free by then. */
    static final int RETRY_AFTER_SECONDS = 10;

    private TooManyStreamsException(String detail) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(detail), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
    }

    static TooManyStreamsException ofToken(String caller, int most) {
        return new TooManyStreamsException("the token of '" + caller + "' holds " + most + " event streams open on "
                + "this gateway, the most one token may; close one, or try again after " + RETRY_AFTER_SECONDS
                + " s (Retry-After)");
    }

    static TooManyStreamsException ofGateway(int most) {
        return new TooManyStreamsException("this gateway holds " + most + " event streams open, the most it may; "
                + "try again after " + RETRY_AFTER_SECONDS + " s (Retry-After), or on another gateway");
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail);
        problem.setTitle("Too many streams");
        return problem;
    }
}
