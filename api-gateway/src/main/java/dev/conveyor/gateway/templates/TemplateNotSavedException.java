package dev.conveyor.gateway.templates;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Kafka did not acknowledge a template change in time: nothing changed, and the client may try again. */
class TemplateNotSavedException extends ErrorResponseException {

    TemplateNotSavedException(String id, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(id), cause);
        getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
    }

    private static ProblemDetail problem(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Kafka did not acknowledge the change of template '" + id + "'; try again later");
        problem.setTitle("Template not saved");
        return problem;
    }
}
