package dev.conveyor.gateway.auth;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The {@code tokens} health: out of service until the gateway has read the tokens topic up to
 * where it ended at start. Until then a token created elsewhere answers 401 here, so the gateway
 * is not ready ({@code /actuator/health/readiness} includes this) although it is alive.
 */
@Component
class TokensHealthIndicator extends AbstractHealthIndicator {

    private final KnownTokens tokens;

    TokensHealthIndicator(KnownTokens tokens) {
        super("Reading the API tokens failed");
        this.tokens = tokens;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (tokens.isCaughtUp()) {
            builder.up().withDetail("known", tokens.size());
        } else {
            builder.outOfService().withDetail("reason", "still reading the tokens topic");
        }
    }
}
