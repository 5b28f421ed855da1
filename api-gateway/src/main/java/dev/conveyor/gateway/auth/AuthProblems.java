package dev.conveyor.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The 401 and 403 answers, as RFC 9457 problems like every other error of the API. They are
 * written here, in the security filters, because a refused request never reaches the controllers
 * and their error handling.
 */
@Component
class AuthProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private static final Pattern REJECTED_PART = Pattern.compile("(?:header|parameter name):? \"([^\"]*)\"");

    private final JsonMapper json;

    AuthProblems(JsonMapper json) {
        this.json = json;
    }

    /**
     * 401: no token where one is needed, or one that is not valid (RFC 6750's {@code invalid_token});
     * 503 when this gateway cannot tell whether a token is still valid.
     */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof TokensStaleException) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(TokensStaleException.RETRY_AFTER_SECONDS));
            write(request, response, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
            return;
        }
        boolean noToken = e instanceof InsufficientAuthenticationException;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, noToken
                ? "Bearer realm=\"conveyor\""
                : "Bearer realm=\"conveyor\", error=\"invalid_token\"");
        write(request, response, HttpStatus.UNAUTHORIZED, noToken
                ? "this needs a token: send the header 'Authorization: Bearer <token>'"
                : e.getMessage());
    }

    /** 403: a valid token whose role may not do this. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        String role = caller != null && caller.getPrincipal() instanceof ApiCaller api ? " (" + api.role() + ")"
                : "";
        String name = caller == null ? "this caller" : "'" + caller.getName() + "'";
        write(request, response, HttpStatus.FORBIDDEN, "the role of " + name + role + " may not "
                + request.getMethod() + " " + request.getRequestURI());
    }

    /**
     * 400: Spring Security's firewall refused the request (a path that climbs with {@code ..}, a
     * control character in a header or a parameter name); the problem names what it refused.
     */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        Matcher part = REJECTED_PART.matcher(String.valueOf(e.getMessage()));
        String parameter = part.find() ? part.group(1).strip() : "path";
        String detail = "holds characters or sequences the gateway refuses";
        write(request, response, HttpStatus.BAD_REQUEST, parameter + ": " + detail,
                List.of(Map.of("parameter", parameter, "detail", detail)));
    }

    /** 429: the caller's token has used up its requests for now ({@link TokenRateLimits}). */
    void tooManyRequests(HttpServletRequest request, HttpServletResponse response, ApiCaller caller,
            long requestsPerSecond, long retryAfterSeconds) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        write(request, response, HttpStatus.TOO_MANY_REQUESTS, "the token of '" + caller.name() + "' may make "
                + requestsPerSecond + " requests a second; try again after " + retryAfterSeconds + " s (Retry-After)");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        write(request, response, status, detail, null);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail,
            List<Map<String, String>> errors) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        if (errors != null) {
            problem.put("errors", errors);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
