package dev.conveyor.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads {@code Authorization: Bearer <token>} (RFC 6750). A request without the header, or with
 * another scheme, carries no token and goes on as anonymous; a bearer header without a token is a
 * bad one.
 */
final class BearerTokenConverter implements AuthenticationConverter {

    private static final Pattern BEARER = Pattern.compile("^Bearer(?: +(\\S*))?\\s*$", Pattern.CASE_INSENSITIVE);

    @Override
    public Authentication convert(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer", 0, "Bearer".length())) {
            return null;
        }
        Matcher matcher = BEARER.matcher(header);
        if (!matcher.matches() || matcher.group(1) == null || matcher.group(1).isEmpty()) {
            throw new BadCredentialsException("the Authorization header holds no bearer token");
        }
        return BearerAuthentication.presented(matcher.group(1));
    }
}
