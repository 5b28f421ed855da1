package dev.conveyor.gateway.events;

import dev.conveyor.gateway.system.CallerTokens;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps open streams to callers whose tokens are still valid: a stream's token is checked when
 * this gateway learns that it changed (revoked here, or read so from the tokens topic), and every
 * {@code conveyor.gateway.events.token-recheck-interval} (for expiry, and for a gateway that can no
 * longer vouch for tokens); a stream whose token is no longer valid ends, saying why. Without
 * this, a stream would outlive its token by up to {@code conveyor.gateway.event-stream-timeout}.
 */
@Component
class StreamTokens implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamTokens.class);

    private final StreamRegistry registry;
    private final CallerTokens tokens;
    private final EventStreamProperties properties;
    private ScheduledExecutorService rechecks;

    StreamTokens(StreamRegistry registry, CallerTokens tokens, EventStreamProperties properties) {
        this.registry = registry;
        this.tokens = tokens;
        this.properties = properties;
        tokens.onChange(token -> registry.ofToken(token).forEach(this::recheck));
    }

    private void recheckAll() {
        try {
            registry.all().forEach(this::recheck);
        } catch (RuntimeException e) {
            // A failed round must not end the rounds to come.
            log.warn("Checking the tokens of open event streams failed: {}", e.toString());
        }
    }

    private void recheck(JobStream stream) {
        tokens.whyNotValid(stream.caller()).ifPresent(stream::end);
    }

    @Override
    public void start() {
        rechecks = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("stream-tokens").factory());
        long every = properties.tokenRecheckInterval().toMillis();
        rechecks.scheduleWithFixedDelay(this::recheckAll, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        rechecks.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return rechecks != null && !rechecks.isShutdown();
    }
}
