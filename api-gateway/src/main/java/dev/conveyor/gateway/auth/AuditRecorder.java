package dev.conveyor.gateway.auth;

import dev.conveyor.common.audit.AuditEntry;
import dev.conveyor.gateway.audit.AuditTrail;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every state-changing call of a known caller in the {@link AuditTrail} once it has been
 * answered, whether it was done or refused (a role that may not is a 403 worth knowing of). It
 * sits in the security filters right after authentication, so it knows the caller and sees the
 * answers of the rules and of the rate limit after it. Not recorded: reads, calls without a valid
 * token (there is no one to name) and calls over the rate limit (a flood would flood the trail).
 */
final class AuditRecorder extends OncePerRequestFilter {

    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** The most of a path an entry keeps: the caller chooses the path, and may make it long. */
    static final int MAX_PATH = 512;

    /** The API's state-changing calls by name; the path's id, if any, is group 1. */
    private static final List<Call> CALLS = List.of(
            new Call("POST", "/api/v1/jobs", "job.submit"),
            new Call("POST", "/api/v1/jobs:batch", "job.submit-batch"),
            new Call("POST", "/api/v1/jobs/([^/]+)/cancel", "job.cancel"),
            new Call("POST", "/api/v1/jobs/([^/]+)/relaunch", "job.relaunch"),
            new Call("POST", "/api/v1/templates", "template.create"),
            new Call("PUT", "/api/v1/templates/([^/]+)", "template.change"),
            new Call("DELETE", "/api/v1/templates/([^/]+)", "template.delete"),
            new Call("POST", "/api/v1/templates/([^/]+)/launch", "template.launch"),
            new Call("POST", "/api/v1/profiles", "profile.create"),
            new Call("PUT", "/api/v1/profiles/([^/]+)", "profile.change"),
            new Call("DELETE", "/api/v1/profiles/([^/]+)", "profile.delete"),
            new Call("POST", "/api/v1/profiles/([^/]+)/run", "profile.run"),
            new Call("POST", "/api/v1/tokens", "token.create"),
            new Call("DELETE", "/api/v1/tokens/([^/]+)", "token.revoke"));

    private record Call(String method, Pattern path, String action) {

        Call(String method, String path, String action) {
            this(method, Pattern.compile(path), action);
        }
    }

    private final AuditTrail trail;
    private final Clock clock;

    AuditRecorder(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !CHANGING.contains(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        try {
            chain.doFilter(request, response);
        } finally {
            if (authentication != null && authentication.getPrincipal() instanceof ApiCaller caller
                    && response.getStatus() != HttpStatus.TOO_MANY_REQUESTS.value()) {
                trail.record(entry(request, response, caller));
            }
        }
    }

    private AuditEntry entry(HttpServletRequest request, HttpServletResponse response, ApiCaller caller) {
        String path = request.getRequestURI();
        String action = "other";
        String target = null;
        for (Call call : CALLS) {
            Matcher matcher = call.path().matcher(path);
            if (call.method().equals(request.getMethod()) && matcher.matches()) {
                action = call.action();
                target = matcher.groupCount() > 0 ? matcher.group(1) : null;
                break;
            }
        }
        return new AuditEntry(UUID.randomUUID().toString(), clock.instant(), caller.name(), caller.role().name(),
                caller.tokenId(), action, request.getMethod(), abbreviated(path, MAX_PATH), abbreviated(target, 256),
                createdBy(response), response.getStatus(), request.getRemoteAddr());
    }

    /** What the call made: the last segment of the {@code Location} it answered with. */
    private static String createdBy(HttpServletResponse response) {
        String location = response.getHeader(HttpHeaders.LOCATION);
        if (location == null || location.isBlank()) {
            return null;
        }
        String segment = location.substring(location.lastIndexOf('/') + 1);
        return abbreviated(segment.isEmpty() ? null : segment, 256);
    }

    private static String abbreviated(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
