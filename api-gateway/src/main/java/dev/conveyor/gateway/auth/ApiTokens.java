package dev.conveyor.gateway.auth;

import dev.conveyor.common.topics.Topics;
import dev.conveyor.common.types.Violation;
import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Creates, lists and revokes API tokens. A change counts once Kafka acknowledged it on the tokens
 * topic, from which every gateway learns it; this gateway takes it at once (read-your-writes).
 */
@Service
class ApiTokens {

    private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

    private final KafkaTemplate<String, Object> kafka;
    private final KnownTokens known;
    private final Clock clock;
    private final String topic;
    private final Duration timeout;

    ApiTokens(KafkaTemplate<String, Object> kafka, KnownTokens known, Clock clock, Topics topics,
            GatewayProperties properties) {
        this.kafka = kafka;
        this.known = known;
        this.clock = clock;
        this.topic = topics.tokens();
        this.timeout = properties.publishTimeout();
    }

    /**
     * @throws InvalidTokenRequestException naming every problem of the request
     * @throws TokenNotSavedException when Kafka did not take the token
     */
    IssuedToken issue(CreateTokenRequest request, String createdBy) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Violation> problems = request.problems(now);
        if (!problems.isEmpty()) {
            throw new InvalidTokenRequestException(problems);
        }
        String id = TokenSecrets.newId();
        while (known.find(id).isPresent()) {
            id = TokenSecrets.newId();
        }
        String secret = TokenSecrets.newSecret();
        ApiToken token = new ApiToken(id, request.name(), Role.named(request.role()).orElseThrow(),
                TokenSecrets.sha256Hex(secret), now, createdBy, request.expiresAt(), null, null);
        publish(token, "the new token");
        known.put(token);
        log.info("Created token {} '{}' with role {}, for {}", id, token.name(), token.role(), createdBy);
        return new IssuedToken(token, TokenSecrets.format(id, secret));
    }

    /** Every token, revoked and expired ones too, oldest first. */
    List<ApiToken> all() {
        return known.all();
    }

    /** @throws TokenNotFoundException when this gateway knows no such token */
    ApiToken get(String id) {
        return known.find(id).orElseThrow(() -> new TokenNotFoundException(id));
    }

    /**
     * Revokes a token for good; revoking it again changes nothing.
     *
     * @throws TokenNotFoundException when this gateway knows no such token
     * @throws TokenNotSavedException when Kafka did not take the revocation
     */
    ApiToken revoke(String id, String revokedBy) {
        ApiToken token = get(id);
        if (token.isRevoked()) {
            return token;
        }
        ApiToken revoked = token.revoked(clock.instant().truncatedTo(ChronoUnit.MILLIS), revokedBy);
        publish(revoked, "the revocation of token " + id);
        known.put(revoked);
        log.info("Revoked token {} '{}', for {}", id, token.name(), revokedBy);
        return revoked;
    }

    private void publish(ApiToken token, String what) {
        try {
            kafka.send(topic, token.id(), token).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TokenNotSavedException(what, e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new TokenNotSavedException(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenNotSavedException(what, e);
        }
    }
}
