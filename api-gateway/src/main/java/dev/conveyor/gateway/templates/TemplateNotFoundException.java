package dev.conveyor.gateway.templates;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Template not found: answered NOT_FOUND. */
class TemplateNotFoundException extends ErrorResponseException {

    TemplateNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no template '" + id + "'");
        problem.setTitle("Template not found");
        return problem;
    }
}
