package dev.conveyor.worker.heartbeat;

import dev.conveyor.common.topics.Topics;
import dev.conveyor.common.workers.WorkerHeartbeat;
import dev.conveyor.worker.execution.RunningJobs;
import dev.conveyor.worker.system.WorkerProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells the gateways that this worker is alive and how busy it is: a {@link WorkerHeartbeat} every
 * {@code conveyor.worker.heartbeat-interval} on the workers topic, keyed by the worker's id, and a
 * tombstone when the worker stops, so that it leaves the gateways' lists at once instead of when
 * its heartbeats are overdue.
 *
 * <p>Heartbeats are best effort: one that Kafka does not take is logged, and the next one tries
 * again. They never stop the worker.
 */
@Component
class Heartbeats implements SmartLifecycle {

    /**
     * Lower than the job consumer's (the default phase): heartbeats start before it and stop only
     * once it has drained, so the worker is listed for as long as it runs jobs.
     */
    static final int PHASE = DEFAULT_PHASE - 1000;

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);
    private static final Duration TOMBSTONE_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaTemplate<String, Object> kafka;
    private final RunningJobs running;
    private final WorkerProperties properties;
    private final Clock clock;
    private final String topic;
    private final String host = hostName();
    private final String version = Optional.ofNullable(Heartbeats.class.getPackage().getImplementationVersion())
            .orElse("dev"); // classes outside a built jar (tests, IDE) have no manifest
    private volatile Instant startedAt;
    private volatile ScheduledExecutorService scheduler;

    Heartbeats(KafkaTemplate<String, Object> kafka, RunningJobs running, WorkerProperties properties, Clock clock,
            Topics topics) {
        this.kafka = kafka;
        this.running = running;
        this.properties = properties;
        this.clock = clock;
        this.topic = topics.workers();
    }

    @Override
    public void start() {
        startedAt = clock.instant();
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("heartbeat").daemon(true)
                .factory());
        // With a fixed delay, a send that blocks while the broker is away is not followed by a burst.
        scheduler.scheduleWithFixedDelay(this::beat, 0, properties.heartbeatInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            kafka.send(topic, properties.id(), heartbeat()).whenComplete((ok, failure) -> {
                if (failure != null) {
                    log.warn("Heartbeat not published, the next one tries again: {}", failure.toString());
                }
            });
        } catch (RuntimeException e) {
            // An exception escaping a scheduled task would cancel every later heartbeat.
            log.warn("Heartbeat not published, the next one tries again: {}", e.toString());
        }
    }

    private WorkerHeartbeat heartbeat() {
        return new WorkerHeartbeat(properties.id(), host, version, properties.queues(), properties.maxInFlight(),
                running.count(), running.countByQueue(), startedAt, clock.instant(), properties.heartbeatInterval());
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = scheduler;
        if (s == null) {
            return;
        }
        scheduler = null;
        s.shutdownNow();
        try {
            s.awaitTermination(TOMBSTONE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // Sent from another thread: send() itself blocks while it waits for metadata (a broker
            // that was never reachable), and shutdown must not wait on that longer than this.
            CompletableFuture.supplyAsync(() -> kafka.send(topic, properties.id(), null), Thread::startVirtualThread)
                    .thenCompose(Function.identity())
                    .get(TOMBSTONE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Worker {} signed off", properties.id());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Could not sign off; gateways forget this worker once its heartbeats are overdue: {}",
                    switch (e) {
                        case ExecutionException failed -> failed.getCause().toString();
                        case TimeoutException late -> "no acknowledgement within " + TOMBSTONE_TIMEOUT;
                        default -> e.toString();
                    });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
