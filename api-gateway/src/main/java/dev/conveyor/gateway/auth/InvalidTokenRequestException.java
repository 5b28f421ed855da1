package dev.conveyor.gateway.auth;

import dev.conveyor.common.types.Violation;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A token request that cannot be granted as sent; names every problem, as an invalid job does. */
class InvalidTokenRequestException extends ErrorResponseException {

    InvalidTokenRequestException(List<Violation> violations) {
        super(HttpStatus.BAD_REQUEST, problem(violations), null);
    }

    private static ProblemDetail problem(List<Violation> violations) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, violations.stream()
                .map(v -> v.pointer() + ": " + v.message()).collect(Collectors.joining("; ")));
        problem.setTitle("Invalid token request");
        problem.setProperty("errors", violations.stream()
                .map(v -> Map.of("pointer", v.pointer(), "detail", v.message())).toList());
        return problem;
    }
}
