package dev.conveyor.gateway.auth;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No token with that id is known to this gateway. */
class TokenNotFoundException extends ErrorResponseException {

    TokenNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no token with id '" + id + "'");
        problem.setTitle("Token not found");
        return problem;
    }
}
