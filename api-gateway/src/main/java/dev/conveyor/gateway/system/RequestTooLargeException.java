package dev.conveyor.gateway.system;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/** A request body larger than the gateway reads ({@code conveyor.gateway.max-request-size}). */
class RequestTooLargeException extends ErrorResponseException {

    RequestTooLargeException(DataSize limit) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem(limit), null);
    }

    private static ProblemDetail problem(DataSize limit) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "the request body is larger than " + OpenApiConfiguration.readable(limit) + ", the most this gateway reads");
        problem.setTitle("Request too large");
        return problem;
    }
}
