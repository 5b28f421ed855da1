package dev.conveyor.worker.execution;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.worker.system.WorkerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * What this worker's jobs did, as meters: how they ended, how long they ran and waited, how
 * often they were tried again, and how many run now of how many slots. Labels are bounded: job
 * type, queue, template and status, never a job id.
 */
@Component
public class JobMetrics {

    /**
     * Bucket bounds that suit a 5 ms check as well as a 30-minute scan; Prometheus computes
     * percentiles from them, summed over every worker.
     */
    static final Duration[] BUCKETS = Stream.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 1800.0, 3600.0)
            .map(seconds -> Duration.ofNanos(Math.round(seconds * 1e9))).toArray(Duration[]::new);
    /** The {@code template} label of a job launched without one. */
    static final String NO_TEMPLATE = "none";

    private final MeterRegistry meters;

    JobMetrics(MeterRegistry meters, RunningJobs running, WorkerProperties properties) {
        this.meters = meters;
        for (String queue : properties.queues()) {
            Gauge.builder("conveyor.jobs.running", running, r -> r.countByQueue().getOrDefault(queue, 0))
                    .description("Jobs this worker runs now").tag("queue", queue).register(meters);
        }
        int slots = properties.maxInFlight();
        Gauge.builder("conveyor.worker.slots", running, RunningJobs::count).tag("state", "used")
                .description("Jobs this worker may run at once, in use or free").register(meters);
        Gauge.builder("conveyor.worker.slots", running, r -> Math.max(0, slots - r.count())).tag("state", "free")
                .description("Jobs this worker may run at once, in use or free").register(meters);
    }

    /** A job starts now: how long it waited since it was submitted, or since its retry was due. */
    void started(JobRequest request, Instant now) {
        Instant since = request.notBefore() != null ? request.notBefore() : request.submittedAt();
        if (since == null) {
            return;
        }
        Duration waited = Duration.between(since, now);
        Timer.builder("conveyor.job.queue.wait").description("From submit (or a retry's due time) to start")
                .tags("type", request.type(), "queue", request.queue()).serviceLevelObjectives(BUCKETS)
                .register(meters).record(waited.isNegative() ? Duration.ZERO : waited);
    }

    /** An attempt ran to {@code outcome}, whether the job ends with it or runs again. */
    void attemptEnded(JobSnapshot running, JobStatus outcome, Instant now) {
        if (running.startedAt() == null) {
            return;
        }
        Timer.builder("conveyor.job.duration").description("How long one attempt of a job ran")
                .tags("type", running.type(), "queue", running.queue(), "status", outcome.name())
                .serviceLevelObjectives(BUCKETS).register(meters).record(Duration.between(running.startedAt(), now));
    }

    /** A job reached its final state here. */
    void completed(JobSnapshot end) {
        Counter.builder("conveyor.jobs.completed").description("Jobs that reached a final state")
                .tags("type", end.type(), "queue", end.queue(), "template", templateOf(end), "status",
                        end.status().name())
                .register(meters).increment();
    }

    /** A job's attempt failed and its next attempt was scheduled. */
    void retried(JobRequest request) {
        Counter.builder("conveyor.job.retries").description("Attempts scheduled again after a failure")
                .tags("type", request.type(), "queue", request.queue()).register(meters).increment();
    }

    private static String templateOf(JobSnapshot job) {
        String template = job.origin().templateId();
        return template == null ? NO_TEMPLATE : template;
    }
}
