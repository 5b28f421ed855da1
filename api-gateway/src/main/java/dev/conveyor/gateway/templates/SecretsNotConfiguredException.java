package dev.conveyor.gateway.templates;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A launch with a secret parameter on a gateway without keys to seal it: refused, nothing queued. */
class SecretsNotConfiguredException extends ErrorResponseException {

    SecretsNotConfiguredException(String templateId) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(templateId), null);
    }

    private static ProblemDetail problem(String templateId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "template '"
                + templateId + "' has secret parameters, and this gateway has no key to seal them with"
                + " (conveyor.secrets.keys)");
        problem.setTitle("Secrets not configured");
        return problem;
    }
}
