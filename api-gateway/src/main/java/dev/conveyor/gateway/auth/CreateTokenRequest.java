package dev.conveyor.gateway.auth;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.conveyor.common.types.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/tokens}.
 *
 * @param name who or what will use the token (e.g. {@code ci-nightly}); jobs it submits record it
 *     as their submitter. 1 to 64 letters, digits, {@code .}, {@code _}, {@code @} or {@code -},
 *     starting with a letter or digit; {@code admin} is the admin token's
 * @param role {@code VIEWER}, {@code OPERATOR} or {@code ADMIN} (any case)
 * @param expiresAt when the token stops working (ISO-8601, in the future); never when absent
 * @param unknownFields fields the API does not know, refused rather than ignored: a misspelt
 *     {@code expiresAt} must not make a token that never expires
 */
record CreateTokenRequest(
        String name,
        String role,
        Instant expiresAt,
        @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields) {

    static final int MAX_NAME_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");
    private static final List<String> FIELDS = List.of("name", "role", "expiresAt");

    CreateTokenRequest {
        // Not Map.copyOf: an unknown field may well be null.
        unknownFields = unknownFields == null ? Map.of() : Collections.unmodifiableMap(new HashMap<>(unknownFields));
    }

    /** Every problem of the request at once, with pointers into its body; empty when it is fine. */
    List<Violation> problems(Instant now) {
        List<Violation> problems = new ArrayList<>();
        unknownFields.keySet().stream().sorted().forEach(field -> problems.add(
                new Violation("/" + field.replace("~", "~0").replace("/", "~1"), "unknown field; known: " + FIELDS)));
        nameProblem().ifPresent(message -> problems.add(new Violation("/name", message)));
        if (role == null || Role.named(role).isEmpty()) {
            problems.add(new Violation("/role", (role == null ? "is missing" : "unknown role '" + role + "'")
                    + "; one of " + Arrays.toString(Role.values())));
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            problems.add(new Violation("/expiresAt", "must be in the future (it is " + now + ")"));
        }
        return problems;
    }

    private Optional<String> nameProblem() {
        if (name == null || name.isBlank()) {
            return Optional.of("must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("may hold only letters, digits, '.', '_', '@' and '-', and starts with a"
                    + " letter or digit");
        }
        if (name.equalsIgnoreCase(ApiCaller.ADMIN)) {
            return Optional.of("'admin' is the name of the admin token; choose another");
        }
        return Optional.empty();
    }
}
