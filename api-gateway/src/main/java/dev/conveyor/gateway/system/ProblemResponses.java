package dev.conveyor.gateway.system;

import dev.conveyor.common.secrets.SecretsUnavailableException;
import dev.conveyor.common.json.JsonProblems;
import dev.conveyor.common.profiles.InvalidProfileException;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * Turns every error of the API into an RFC 9457 {@code application/problem+json} answer. Bad
 * input is a 400 whose {@code errors} name each offending input: {@code {pointer, detail}} with a
 * JSON pointer into the body, or {@code {parameter, detail}} for a query, path or header
 * parameter. Details speak of the JSON and the parameters a client sent, never of the Java types
 * behind them. Anything unexpected is a 500 without internals, logged here.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler
    ResponseEntity<Object> invalidJob(InvalidJobException e, WebRequest request) {
        return badRequest(e, "Invalid job", pointers(e.violations()), request);
    }

    /** Each problem of a profile also names where it is written: file, line and column. */
    @ExceptionHandler
    ResponseEntity<Object> invalidProfile(InvalidProfileException e, WebRequest request) {
        List<Map<String, String>> errors = e.problems().stream().map(p -> {
            Map<String, String> error = pointer(p.pointer(), p.detail());
            error.put("file", p.file());
            error.put("line", Integer.toString(p.line()));
            error.put("column", Integer.toString(p.column()));
            return error;
        }).toList();
        return badRequest(e, "Invalid profile", errors, request);
    }

    @ExceptionHandler
    ResponseEntity<Object> invalidQueryParameter(InvalidQueryParameterException e, WebRequest request) {
        return badRequest(e, "Invalid query", List.of(parameter(e.parameter(), e.getMessage())), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> secretsUnavailable(SecretsUnavailableException e, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Secrets unavailable");
        return handleExceptionInternal(e, problem, new HttpHeaders(), HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    @ExceptionHandler
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        log.error("Unexpected error answering a request", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The gateway failed to answer; the error is in its log");
        problem.setTitle("Internal error");
        return handleExceptionInternal(e, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        e.getBindingResult().getGlobalErrors().forEach(error -> errors.add(pointer("", message(error))));
        e.getBindingResult().getFieldErrors().forEach(error -> errors.add(pointer(pointerOf(error), message(error))));
        return badRequest(e, "Invalid request body", errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors;
        if (e.getCause() instanceof JacksonException json) {
            errors = pointers(JsonProblems.of(json, ""));
        } else if (e.getCause() == null) {
            // Spring's message names the handler method; the client only needs to know what to send.
            errors = List.of(pointer("", "a JSON body is required"));
        } else {
            errors = List.of(pointer("", "could not be read"));
        }
        return badRequest(e, "Unreadable request body", errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        Class<?> type = e instanceof MethodArgumentTypeMismatchException mismatch
                ? mismatch.getParameter().nested().getNestedParameterType() // the element type of a Set<...>
                : e.getRequiredType();
        String name = e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : e.getPropertyName();
        return badRequest(e, "Invalid query", List.of(parameter(String.valueOf(name), mismatch(e.getValue(), type))),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return badRequest(e, "Invalid query", List.of(parameter(e.getParameterName(), "is required")), request);
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (e instanceof MissingRequestHeaderException header) {
            return badRequest(e, "Invalid request", List.of(parameter(header.getHeaderName(), "is required")), request);
        }
        return super.handleServletRequestBindingException(e, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                errors.add(parameter(nameOf(result.getMethodParameter()), message(error)))));
        return badRequest(e, "Invalid request", errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "nothing here; the API is under /api/v1, described at /docs");
        problem.setTitle("Not found");
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    /**
     * Every problem is {@code application/problem+json}, whatever the request's {@code Accept}
     * asked for: an unreadable {@code Accept} would otherwise leave an error without a body.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.addAll(headers);
        if (body instanceof ProblemDetail) {
            problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return super.createResponseEntity(body, problemHeaders, statusCode, request);
    }

    private ResponseEntity<Object> badRequest(Exception e, String title, List<Map<String, String>> errors,
            WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, errors.stream()
                .map(error -> name(error) + ": " + error.get("detail")).collect(Collectors.joining("; ")));
        problem.setTitle(title);
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    private static String name(Map<String, String> error) {
        String name = error.containsKey("pointer") ? error.get("pointer") : error.get("parameter");
        return name.isEmpty() ? "body" : name;
    }

    private static List<Map<String, String>> pointers(List<Violation> violations) {
        return violations.stream().map(v -> pointer(v.pointer(), v.message())).toList();
    }

    private static Map<String, String> pointer(String pointer, String detail) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("pointer", pointer);
        error.put("detail", detail);
        return error;
    }

    private static Map<String, String> parameter(String name, String detail) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("parameter", name);
        error.put("detail", detail);
        return error;
    }

    private static String message(MessageSourceResolvable error) {
        return String.valueOf(error.getDefaultMessage());
    }

    /** What is wrong with a query value: which of several comma-separated states is unknown, say. */
    private static String mismatch(Object value, Class<?> type) {
        List<String> values = value instanceof Object[] array ? Arrays.stream(array).map(String::valueOf).toList()
                : List.of(String.valueOf(value));
        if (type != null && type.isEnum()) {
            List<String> constants = Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList();
            List<String> unknown = values.stream().flatMap(v -> Arrays.stream(v.split(",")))
                    .map(String::trim).filter(v -> !constants.contains(v)).toList();
            if (!unknown.isEmpty()) {
                return JsonProblems.quoted(unknown.getFirst()) + " is not " + JsonProblems.expected(type);
            }
        }
        return JsonProblems.quoted(String.join(",", values)) + " is not " + JsonProblems.expected(type);
    }

    /**
     * A JSON pointer from Spring's path to a field: {@code retry.maxAttempts} and
     * {@code labels[team]} become {@code /retry/maxAttempts} and {@code /labels/team}. A map key's
     * own violation ({@code labels<K>[team]}) points at the key's entry.
     */
    static String pointerOf(FieldError error) {
        String field = error.getField().replace("<K>", "").replace("<V>", "");
        StringBuilder pointer = new StringBuilder();
        StringBuilder segment = new StringBuilder();
        boolean inKey = false;
        for (char c : field.toCharArray()) {
            if (inKey && c == ']') {
                appendSegment(pointer, segment);
                inKey = false;
            } else if (inKey) {
                segment.append(c);
            } else if (c == '[' || c == '.') {
                if (!segment.isEmpty()) {
                    appendSegment(pointer, segment);
                }
                inKey = c == '[';
            } else {
                segment.append(c);
            }
        }
        if (!segment.isEmpty()) {
            appendSegment(pointer, segment);
        }
        return pointer.toString();
    }

    private static void appendSegment(StringBuilder pointer, StringBuilder segment) {
        pointer.append('/').append(segment.toString().replace("~", "~0").replace("/", "~1"));
        segment.setLength(0);
    }

    private static String nameOf(org.springframework.core.MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        return String.valueOf(parameter.getParameterName());
    }
}
