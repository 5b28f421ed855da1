package dev.conveyor.gateway.auth;

import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * Who calls the API, as a valid bearer token tells: controllers see it through
 * {@link java.security.Principal#getName()}.
 *
 * @param name the token's name, or {@code admin} for the admin token
 * @param role what the token may do
 * @param tokenId the token's id, or {@code null} for the admin token
 */
record ApiCaller(String name, Role role, String tokenId) implements AuthenticatedPrincipal {

    /** The caller of the configured admin token ({@code conveyor.gateway.auth.admin-token}). */
    static final String ADMIN = "admin";

    static ApiCaller admin() {
        return new ApiCaller(ADMIN, Role.ADMIN, null);
    }

    static ApiCaller of(ApiToken token) {
        return new ApiCaller(token.name(), token.role(), token.id());
    }

    @Override
    public String getName() {
        return name;
    }
}
