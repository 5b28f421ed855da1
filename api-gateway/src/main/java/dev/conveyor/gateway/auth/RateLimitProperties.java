package dev.conveyor.gateway.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many API requests each token may make: a token bucket per token (the admin token is one
 * too), in each gateway's memory, so behind a balancer of N gateways a token gets up to N times as
 * much. A request over the limit is answered 429 with {@code Retry-After}. Requests without a valid
 * token never reach a bucket: they are answered 401 first.
 *
 * @param enabled whether requests are limited at all (default {@code true})
 * @param requestsPerSecond the sustained rate a token may call at; a batch submit is one request
 *     however many jobs it holds (default 1000)
 * @param burst how many requests a token that was quiet may make at once, above the sustained
 *     rate (default 2000)
 */
@ConfigurationProperties("conveyor.gateway.rate-limit")
record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1000") long requestsPerSecond,
        @DefaultValue("2000") long burst) {

    RateLimitProperties {
        if (requestsPerSecond < 1) {
            throw new IllegalArgumentException("conveyor.gateway.rate-limit.requests-per-second must be at least 1,"
                    + " was " + requestsPerSecond + " (to lift the limit: conveyor.gateway.rate-limit.enabled=false)");
        }
        if (burst < requestsPerSecond) {
            throw new IllegalArgumentException("conveyor.gateway.rate-limit.burst must be at least requests-per-second ("
                    + requestsPerSecond + "), was " + burst);
        }
    }
}
