package dev.conveyor.gateway.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do. Each role may do everything the roles below it may ({@link ApiSecurity}
 * declares the hierarchy): {@code VIEWER} reads, {@code OPERATOR} also submits, launches, cancels
 * and relaunches jobs, {@code ADMIN} also manages templates and tokens.
 */
enum Role {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** The Spring Security authority of the role, as {@code hasRole(...)} expects it. */
    String authority() {
        return "ROLE_" + name();
    }

    /** The role of that name, in any case ({@code viewer} or {@code VIEWER}). */
    static Optional<Role> named(String name) {
        return Arrays.stream(values()).filter(role -> role.name().equals(name.toUpperCase(Locale.ROOT))).findFirst();
    }
}
