package dev.conveyor.gateway.system;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A query parameter with a value the API does not accept. */
public class InvalidQueryException extends ErrorResponseException {

    public InvalidQueryException(String parameter, String message) {
        super(HttpStatus.BAD_REQUEST, problem(parameter, message), null);
    }

    private static ProblemDetail problem(String parameter, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, parameter + ": " + message);
        problem.setTitle("Invalid query");
        problem.setProperty("errors", List.of(Map.of("parameter", parameter, "detail", message)));
        return problem;
    }
}
