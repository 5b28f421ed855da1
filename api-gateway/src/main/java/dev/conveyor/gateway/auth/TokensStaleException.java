package dev.conveyor.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import org.springframework.security.core.AuthenticationException;

/**
 * This gateway has not confirmed for too long that it knows every change of the tokens topic, so
 * it cannot tell whether a token was revoked meanwhile: answered 503, not 401, for the token
 * itself may well be valid, on a gateway that hears from Kafka.
 */
class TokensStaleException extends AuthenticationException {

    /** About how often a gateway that hears from Kafka again confirms it is up to date. */
    static final int RETRY_AFTER_SECONDS = 5;

    TokensStaleException(Instant upToDateAt, Duration bound) {
        super(message(upToDateAt, bound));
    }

    static String message(Instant upToDateAt, Duration bound) {
        return (upToDateAt == null ? "this gateway has not read the API tokens from Kafka yet"
                : "this gateway has not heard from Kafka about the API tokens since " + upToDateAt + ", longer than "
                        + bound.toSeconds() + " s (conveyor.gateway.auth.tokens-max-staleness)")
                + ", so it cannot tell whether a token was revoked; try again after " + RETRY_AFTER_SECONDS
                + " s (Retry-After), or on another gateway";
    }
}
