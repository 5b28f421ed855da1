package dev.conveyor.gateway.auth;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request's bearer token: first as presented (not authenticated, the token its credentials),
 * then, once {@link TokenAuthenticationProvider} accepted it, as the caller it stands for, with
 * the authority of its role and no credentials left.
 */
final class BearerAuthentication extends AbstractAuthenticationToken {

    private final String token;
    private final ApiCaller caller;

    private BearerAuthentication(String token, ApiCaller caller) {
        super(caller == null ? List.of() : List.of(new SimpleGrantedAuthority(caller.role().authority())));
        this.token = token;
        this.caller = caller;
        setAuthenticated(caller != null);
    }

    static BearerAuthentication presented(String token) {
        return new BearerAuthentication(token, null);
    }

    static BearerAuthentication of(ApiCaller caller) {
        return new BearerAuthentication(null, caller);
    }

    @Override
    public String getCredentials() {
        return token;
    }

    /** The {@link ApiCaller} once authenticated; before, nobody yet. */
    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller == null ? "" : caller.name();
    }

    @Override
    public String toString() {
        // Never the token itself: this may end up in a log line.
        return "BearerAuthentication[" + (caller == null ? "presented" : caller) + "]";
    }
}
