package dev.conveyor.gateway.templates;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Template exists: answered CONFLICT. */
class TemplateConflictException extends ErrorResponseException {

    TemplateConflictException(String id) {
        super(HttpStatus.CONFLICT, problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "a template '" + id + "' exists already; change it with PUT");
        problem.setTitle("Template exists");
        return problem;
    }
}
