package dev.conveyor.gateway.queues;

import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Samples the queues' offsets every {@code conveyor.gateway.queue-sample-interval} and keeps the
 * samples of the last {@code conveyor.gateway.queue-rate-window}, against which rates are
 * computed. While Kafka does not answer, no samples are taken, and rates span the gap.
 */
@Component
class QueueSampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueSampler.class);

    private final OffsetsReader reader;
    private final Duration interval;
    private final Duration window;
    private final Deque<QueueSample> samples = new ArrayDeque<>();
    private volatile ScheduledExecutorService scheduler;
    private boolean failing;

    QueueSampler(OffsetsReader reader, GatewayProperties properties) {
        this.reader = reader;
        this.interval = properties.queueSampleInterval();
        this.window = properties.queueRateWindow();
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("queue-sampler").daemon(true)
                .factory());
        scheduler.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            add(reader.read());
            if (failing) {
                log.info("Sampling queue offsets again");
                failing = false;
            }
        } catch (QueuesUnavailableException e) {
            failed(e.getBody().getDetail());
        } catch (RuntimeException e) {
            failed(e.toString());
        }
    }

    /** Logged once per outage, without a stack trace: the reason says it all. */
    private void failed(String reason) {
        if (!failing) {
            log.warn("Cannot sample queue offsets, trying again every {}: {}", interval, reason);
            failing = true;
        }
    }

    synchronized void add(QueueSample sample) {
        samples.addLast(sample);
        forgetBefore(sample.at().minus(window));
    }

    /** The newest sample of the window that ends at {@code now}, if any. */
    synchronized Optional<QueueSample> newestSince(Instant now) {
        forgetBefore(now.minus(window));
        return Optional.ofNullable(samples.peekLast());
    }

    /** The oldest sample of the window that ends at {@code now}, if any. */
    synchronized Optional<QueueSample> oldestSince(Instant now) {
        forgetBefore(now.minus(window));
        return Optional.ofNullable(samples.peekFirst());
    }

    private void forgetBefore(Instant oldest) {
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(oldest)) {
            samples.removeFirst();
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
