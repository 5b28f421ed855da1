package dev.conveyor.gateway.auth;

import java.time.Clock;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The {@code tokens} health: out of service until the gateway has read the tokens topic up to
 * where it ended at start, and whenever it has not confirmed for longer than
 * {@code conveyor.gateway.auth.tokens-max-staleness} that it knows every change of it. Meanwhile
 * tokens answer 401 or 503 here, so the gateway is not ready ({@code /actuator/health/readiness}
 * includes this) although it is alive.
 */
@Component
class TokensHealthIndicator extends AbstractHealthIndicator {

    private final KnownTokens tokens;
    private final AuthProperties properties;
    private final Clock clock;

    TokensHealthIndicator(KnownTokens tokens, AuthProperties properties, Clock clock) {
        super("Reading the API tokens failed");
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!tokens.isCaughtUp()) {
            builder.outOfService().withDetail("reason", "still reading the tokens topic");
        } else if (!tokens.isCurrent(clock.instant(), properties.tokensMaxStaleness())) {
            builder.outOfService().withDetail("reason", "not heard from the tokens topic since "
                    + tokens.upToDateAt().map(Object::toString).orElse("start"));
        } else {
            builder.up().withDetail("known", tokens.size());
        }
    }
}
