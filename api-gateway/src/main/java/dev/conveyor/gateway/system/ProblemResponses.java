package dev.conveyor.gateway.system;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.secrets.SecretsUnavailableException;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.gateway.store.InvalidCursorException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Turns every error of the API into an RFC 9457 {@code application/problem+json} answer. Bad
 * input is a 4xx that names what is wrong (with JSON pointers into the body or the query
 * parameter); anything unexpected is a 500 without internals, logged here.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler
    ProblemDetail invalidJob(InvalidJobException e) {
        ProblemDetail problem = badRequest("Invalid job", e.getMessage());
        problem.setProperty("errors", e.violations().stream()
                .map(v -> Map.of("pointer", v.pointer(), "detail", v.message())).toList());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalidCursor(InvalidCursorException e) {
        ProblemDetail problem = badRequest("Invalid query", e.getMessage());
        problem.setProperty("errors", List.of(Map.of("parameter", "cursor", "detail", e.getMessage())));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail secretsUnavailable(SecretsUnavailableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Secrets unavailable");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected error answering a request", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The gateway failed to answer; the error is in its log");
        problem.setTitle("Internal error");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("pointer", "/" + f.getField().replace('.', '/'),
                        "detail", String.valueOf(f.getDefaultMessage())))
                .toList();
        ProblemDetail problem = badRequest("Invalid job", errors.stream()
                .map(err -> err.get("pointer") + ": " + err.get("detail")).reduce((a, b) -> a + "; " + b).orElse(""));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = badRequest("Unreadable request body", unreadableDetail(e));
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String parameter = e.getPropertyName();
        Class<?> type = e instanceof MethodArgumentTypeMismatchException mismatch
                ? mismatch.getParameter().nested().getNestedParameterType() // the element type of a Set<...>
                : e.getRequiredType();
        String detail = "'" + e.getValue() + "' is not a valid value" + allowedValues(type);
        ProblemDetail problem = badRequest("Invalid query", parameter + ": " + detail);
        problem.setProperty("errors", List.of(Map.of("parameter", String.valueOf(parameter), "detail", detail)));
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    private static String unreadableDetail(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof DatabindException bind && !bind.getPath().isEmpty()) {
            return ConveyorJson.pointerOf(bind) + ": " + bind.getOriginalMessage();
        }
        if (e.getCause() instanceof JacksonException json) {
            return "not valid JSON: " + json.getOriginalMessage();
        }
        return "the request body is missing or not JSON";
    }

    private static String allowedValues(Class<?> type) {
        return type != null && type.isEnum() ? "; allowed: " + Arrays.toString(type.getEnumConstants()) : "";
    }

    private static ProblemDetail badRequest(String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle(title);
        return problem;
    }
}
