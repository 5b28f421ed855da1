package dev.conveyor.gateway.auth;

import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.system.TopicFollower;
import dev.conveyor.gateway.system.TopicListener;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Follows the tokens topic into {@link KnownTokens}. Like the workers topic, it is read whole from
 * the beginning without a consumer group: the compacted topic holds every token's latest state, so
 * each gateway knows every token, whichever gateway created it. Once it has read up to where the
 * topic ended when it started, the gateway is ready ({@link TokensHealthIndicator}). From then on
 * it confirms about every second, while the broker answers, that it has read every change, which
 * bounds how long a revocation can go unseen here ({@link AuthProperties#tokensMaxStaleness}).
 */
@Component
class TokensListener extends TopicListener {

    private static final Logger log = LoggerFactory.getLogger(TokensListener.class);

    private final KnownTokens tokens;
    private final AuthProperties properties;
    private final String topic;

    TokensListener(ConsumerFactory<String, byte[]> consumers, KnownTokens tokens, AuthProperties properties,
            Topics topics, Clock clock) {
        this.tokens = tokens;
        this.properties = properties;
        this.topic = topics.tokens();
        tokens.followed();
        follow(new TopicFollower(consumers, topic, () -> {
        }, this::take, this::caughtUp, clock, tokens::upToDateAt));
    }

    @Override
    public void start() {
        if (!properties.hasAdminToken()) {
            log.info("No admin token set (conveyor.gateway.auth.admin-token, or CONVEYOR_ADMIN_TOKEN): only tokens"
                    + " created through the API are accepted");
        }
        super.start();
    }

    /** Reading again only adds to the tokens known; while the broker is away they stay valid for a bounded time. */
    private void caughtUp() {
        if (!tokens.isCaughtUp()) {
            log.info("Read {} API token(s) from {}", tokens.size(), topic);
            warnIfNobodyCanCall();
            tokens.caughtUp();
        }
    }

    private void warnIfNobodyCanCall() {
        if (tokens.isEmpty() && !properties.hasAdminToken()) {
            log.warn("No API token exists and no admin token is set: every API call answers 401. Set one with"
                    + " the environment variable CONVEYOR_ADMIN_TOKEN (or --conveyor.gateway.auth.admin-token=...),"
                    + " at least {} random characters, e.g. from: head -c 32 /dev/urandom | base64; then restart"
                    + " the gateway and create tokens with POST /api/v1/tokens. ./conveyor does this by itself"
                    + " (.conveyor/admin.token).", AuthProperties.MIN_ADMIN_TOKEN_LENGTH);
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            tokens.remove(record.key());
            return;
        }
        try {
            ApiToken token = JsonSerde.read(record.value(), ApiToken.class);
            if (token.id() == null || !token.id().equals(record.key()) || token.role() == null
                    || token.sha256() == null) {
                throw new SerializationException("an API token needs its id (the record's key), a role and a hash");
            }
            tokens.put(token);
        } catch (SerializationException e) {
            log.warn("Skipping unreadable API token at {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
        }
    }
}
