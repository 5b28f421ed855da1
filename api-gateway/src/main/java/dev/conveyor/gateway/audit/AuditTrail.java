package dev.conveyor.gateway.audit;

import dev.conveyor.common.audit.AuditEntry;
import dev.conveyor.common.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes the audit trail to its topic, which every gateway projects into its store and which
 * outlives them all. The call it records has been answered by then, and its answer must not wait
 * for the entry: a producer's send blocks while Kafka is away (up to {@code max.block.ms}), so
 * entries are handed to one thread of their own, in order, through a bounded queue. Should Kafka
 * refuse an entry, or the queue be full, the entry goes to the log whole (it holds no secret) and
 * {@code conveyor_audit_failures_total} counts it, for an alert. Repeats of a refusal are summed
 * ({@link RefusalSummaries}): a caller refused again and again writes one entry a window, not one
 * a call.
 */
@Component
public class AuditTrail implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    /** Entries waiting for Kafka while it is away, at most; about a minute of a busy gateway's calls. */
    private static final int WAITING = 50_000;

    private final KafkaTemplate<String, Object> kafka;
    private final String topic;
    private final Counter failures;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(WAITING), Thread.ofPlatform().name("audit-trail").daemon().factory());

    private final RefusalSummaries refusals;
    private final Clock clock;
    private final ScheduledExecutorService summing = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("audit-refusals").daemon().factory());

    AuditTrail(KafkaTemplate<String, Object> kafka, Topics topics, MeterRegistry meters, AuditProperties properties,
            Clock clock) {
        this.kafka = kafka;
        this.topic = topics.audit();
        this.refusals = new RefusalSummaries(properties.refusalWindow());
        this.clock = clock;
        this.failures = Counter.builder("conveyor.audit.failures")
                .description("Audit entries Kafka did not take; each is in the gateway's log instead")
                .register(meters);
        long period = properties.refusalWindow().toMillis();
        summing.scheduleAtFixedRate(this::writeEndedSummaries, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Hands the entry on to be written; returns at once. A refusal (4xx) that repeats one recorded
     * within the window is counted instead, and written with its repeats when the window ends.
     */
    public void record(AuditEntry entry) {
        if (entry.status() >= 400 && entry.status() < 500 && !refusals.admit(entry)) {
            return;
        }
        send(entry);
    }

    /** Writes the summaries of the refusal windows that have ended. */
    void writeEndedSummaries() {
        refusals.due(clock.instant()).forEach(this::send);
    }

    private void send(AuditEntry entry) {
        try {
            sender.execute(new Send(entry));
        } catch (RuntimeException full) {
            lost(entry, full);
        }
    }

    /** One entry on its way: a task that still knows its entry, should it never run. */
    private final class Send implements Runnable {

        private final AuditEntry entry;

        Send(AuditEntry entry) {
            this.entry = entry;
        }

        @Override
        public void run() {
            write(entry);
        }
    }

    private void write(AuditEntry entry) {
        try {
            kafka.send(topic, entry.id(), entry).whenComplete((sent, failure) -> {
                if (failure != null) {
                    lost(entry, failure);
                }
            });
        } catch (RuntimeException e) {
            lost(entry, e);
        }
    }

    private void lost(AuditEntry entry, Throwable failure) {
        failures.increment();
        log.error("Audit entry not written to {} ({}): {}", topic, failure.toString(), entry);
    }

    /** Lets the entries already handed on reach the producer, which the context closes after this. */
    @Override
    public void destroy() throws InterruptedException {
        summing.shutdownNow();
        refusals.all().forEach(this::send);
        sender.shutdown();
        if (!sender.awaitTermination(10, TimeUnit.SECONDS)) {
            IllegalStateException stopping = new IllegalStateException("the gateway stopped first");
            sender.shutdownNow().forEach(unsent -> lost(((Send) unsent).entry, stopping));
        }
    }
}
