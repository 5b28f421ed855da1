package dev.conveyor.gateway.events;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** This gateway is not following the job-events topic yet (the broker is away): no stream can start. */
class EventsUnavailableException extends ErrorResponseException {

    EventsUnavailableException() {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
        getHeaders().set("Retry-After", "5");
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "this gateway is not reading job events yet; try again in a few seconds");
        problem.setTitle("Events unavailable");
        problem.setType(URI.create("about:blank"));
        return problem;
    }
}
