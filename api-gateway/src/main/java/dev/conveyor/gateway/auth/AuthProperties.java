package dev.conveyor.gateway.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the gateway's API.
 *
 * @param adminToken a token that is always accepted with the role {@code ADMIN}, as the caller
 *     {@code admin}: the way in before any token exists (environment {@code CONVEYOR_ADMIN_TOKEN};
 *     {@code ./conveyor} generates one into {@code .conveyor/admin.token}). At least 16
 *     characters. Unset, only tokens created through the API are accepted, and while there are
 *     none every API call answers 401 (default: unset)
 * @param openMetrics whether {@code /actuator/prometheus} answers without a token, for scrapers;
 *     when {@code false} it needs the role {@code VIEWER} (default {@code true})
 * @param openDocs whether the API docs ({@code /docs}, {@code /v3/api-docs}) answer without a
 *     token; when {@code false} they need the role {@code VIEWER}. To serve no docs at all, set
 *     {@code springdoc.api-docs.enabled=false} and {@code springdoc.swagger-ui.enabled=false}
 *     (default {@code true})
 * @param tokensMaxStaleness the longest this gateway trusts what it knows of the API tokens after
 *     it last confirmed with Kafka that it had read every change of the tokens topic (it confirms
 *     about every second while Kafka answers). Past it, a gateway cut off from Kafka, which cannot
 *     tell whether a token was revoked meanwhile, answers every token but the admin token with 503,
 *     and its open event streams of those tokens end. So a revocation acknowledged by Kafka stops
 *     working on every gateway within this long at most (default 30 seconds)
 */
@ConfigurationProperties("conveyor.gateway.auth")
record AuthProperties(String adminToken, @DefaultValue("true") boolean openMetrics,
        @DefaultValue("true") boolean openDocs, @DefaultValue("30s") Duration tokensMaxStaleness) {

    static final int MIN_ADMIN_TOKEN_LENGTH = 16;

    AuthProperties {
        // A blank value is how an unset environment variable arrives: the same as no admin token.
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
        if (tokensMaxStaleness.isNegative() || tokensMaxStaleness.isZero()) {
            throw new IllegalArgumentException("conveyor.gateway.auth.tokens-max-staleness must be positive, was "
                    + tokensMaxStaleness);
        }
        if (adminToken != null && adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("conveyor.gateway.auth.admin-token (CONVEYOR_ADMIN_TOKEN) must be"
                    + " at least " + MIN_ADMIN_TOKEN_LENGTH + " characters; make one with:"
                    + " head -c 32 /dev/urandom | base64");
        }
    }

    boolean hasAdminToken() {
        return adminToken != null;
    }

    @Override
    public String toString() {
        // Never the admin token itself, should the settings be logged.
        return "AuthProperties[adminToken=" + (hasAdminToken() ? "(set)" : "(unset)") + ", openMetrics=" + openMetrics
                + ", openDocs=" + openDocs + ", tokensMaxStaleness=" + tokensMaxStaleness + "]";
    }
}
