package dev.conveyor.gateway.auth;

import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Follows the tokens topic into {@link KnownTokens}. Like the workers topic, it is read whole from
 * the beginning without a consumer group: the compacted topic holds every token's latest state, so
 * each gateway knows every token, whichever gateway created it. Once it has read up to where the
 * topic ended when it started, the gateway is ready ({@link TokensHealthIndicator}).
 */
@Component
class TokensListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TokensListener.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final ConsumerFactory<String, byte[]> consumers;
    private final KnownTokens tokens;
    private final AuthProperties properties;
    private final String topic;
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    TokensListener(ConsumerFactory<String, byte[]> consumers, KnownTokens tokens, AuthProperties properties,
            Topics topics) {
        this.consumers = consumers;
        this.tokens = tokens;
        this.properties = properties;
        this.topic = topics.tokens();
    }

    @Override
    public void start() {
        if (!properties.hasAdminToken()) {
            log.info("No admin token set (conveyor.gateway.auth.admin-token, or CONVEYOR_ADMIN_TOKEN): only tokens"
                    + " created through the API are accepted");
        }
        consumer = consumers.createConsumer(null, "conveyor-gateway-tokens");
        running = true;
        thread = Thread.ofPlatform().name("tokens-listener").start(this::run);
    }

    private void run() {
        try (Consumer<String, byte[]> c = consumer) {
            while (running) {
                try {
                    follow(c);
                } catch (WakeupException stopping) {
                    return;
                } catch (RuntimeException e) {
                    // The broker is away or the topic not created yet: read it all again later. The
                    // tokens known meanwhile stay valid; reading again only adds to them.
                    log.warn("Reading API tokens interrupted ({}); starting over in {}", e.toString(), RETRY_AFTER);
                    log.debug("API tokens interruption", e);
                    pause();
                }
            }
        }
    }

    private void follow(Consumer<String, byte[]> c) {
        List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist yet");
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = c.endOffsets(partitions);
        while (running) {
            c.poll(POLL).forEach(this::take);
            if (!tokens.isCaughtUp() && partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
                log.info("Read {} API token(s) from {}", tokens.size(), topic);
                warnIfNobodyCanCall();
                tokens.caughtUp();
            }
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

    private void pause() {
        try {
            Thread.sleep(RETRY_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
