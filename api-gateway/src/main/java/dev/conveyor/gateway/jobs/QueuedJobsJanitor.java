package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobLogContext;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.gateway.store.JobStore;
import dev.conveyor.gateway.store.StoreReadiness;
import dev.conveyor.gateway.system.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Makes sure no job stays {@code QUEUED} forever without a request a worker could run: a job the
 * store shows queued, whose request it never saw on a jobs topic although it has read them whole,
 * gets its request published again once it has waited {@code conveyor.gateway.queued-repair-after}.
 * Stores of the first record format could hold such jobs (a gateway's {@code QUEUED} snapshot
 * reached Kafka, its request did not); today's never make them. A second request of a job that was
 * queued after all is harmless. Each repair counts in {@code conveyor.jobs.repaired}.
 */
@Component
class QueuedJobsJanitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueuedJobsJanitor.class);
    /** Jobs republished per round, so that a round is one batch and never a long stall. */
    private static final int PER_ROUND = 500;

    private final JobStore store;
    private final StoreReadiness readiness;
    private final JobPublisher publisher;
    private final Clock clock;
    private final Duration after;
    private final Counter repaired;
    private volatile ScheduledExecutorService scheduler;

    QueuedJobsJanitor(JobStore store, StoreReadiness readiness, JobPublisher publisher, Clock clock,
            GatewayProperties properties, MeterRegistry meters) {
        this.store = store;
        this.readiness = readiness;
        this.publisher = publisher;
        this.clock = clock;
        this.after = properties.queuedRepairAfter();
        this.repaired = Counter.builder("conveyor.jobs.repaired")
                .description("Jobs found queued without a request on their jobs topic, whose request was published again")
                .tag("action", "requeued").register(meters);
    }

    /** One round: republishes what has waited too long unproven; returns how many it republished. */
    int repair() {
        if (!readiness.isCaughtUp()) {
            return 0;
        }
        List<JobRequest> requests = store.unprovenQueued(clock.instant().minus(after), PER_ROUND).stream()
                .map(JobSnapshot::toRequest).toList();
        if (requests.isEmpty()) {
            return 0;
        }
        List<JobRequest> published = PublishOutcome.of(requests, publisher.publish(requests)).acknowledged();
        store.applyQueued(published);
        repaired.increment(published.size());
        for (JobRequest request : published) {
            try (var ignored = JobLogContext.of(request)) {
                log.warn("Job {} was shown queued without a request on {}'s jobs topic; published its request again",
                        request.id(), request.queue());
            }
        }
        return published.size();
    }

    private void round() {
        try {
            repair();
        } catch (RuntimeException e) {
            log.warn("Could not look for queued jobs without a request: {}", e.toString());
        }
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("queued-jobs-janitor").daemon(true).factory());
        long every = Math.max(1, after.toMillis() / 10);
        scheduler.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}
