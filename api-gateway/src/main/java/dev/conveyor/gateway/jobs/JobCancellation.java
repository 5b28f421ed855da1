package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.CancelRequest;
import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobLogContext;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.gateway.store.JobStore;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Cancels a job. Every worker hears of it through the control topic: the one running the job
 * interrupts it and publishes {@code CANCELED}, and any worker that picks it up later skips it. A
 * job that no worker holds ({@code QUEUED}, {@code RETRYING}) has no one else to end it, so the
 * gateway publishes its {@code CANCELED} snapshot itself.
 */
@Service
class JobCancellation {

    private static final Logger log = LoggerFactory.getLogger(JobCancellation.class);

    private final JobPublisher publisher;
    private final JobStore store;
    private final JobCounters counters;
    private final Clock clock;

    JobCancellation(JobPublisher publisher, JobStore store, JobCounters counters, Clock clock) {
        this.publisher = publisher;
        this.store = store;
        this.counters = counters;
        this.clock = clock;
    }

    /**
     * @return the job as this gateway knows it once the cancel is in Kafka: {@code CANCELED} if no
     *     worker held it, still {@code RUNNING} if one does (it ends {@code CANCELED} shortly)
     * @throws JobNotFoundException when this gateway knows no such job
     * @throws JobAlreadyEndedException when the job is in a final state
     * @throws JobNotCanceledException when Kafka did not acknowledge the cancel
     */
    JobSnapshot cancel(String id, String requestedBy) {
        JobSnapshot job = store.find(id).orElseThrow(() -> new JobNotFoundException(id));
        try (var ignored = JobLogContext.of(job)) {
            return switch (job.status()) {
                case SUCCEEDED, FAILED, TIMED_OUT, CANCELED, DEAD -> throw new JobAlreadyEndedException(job);
                case RUNNING -> {
                    publisher.publishCancel(new CancelRequest(id, requestedBy, clock.instant()));
                    log.info("Asked the worker running the job to cancel it, for {}", requestedBy);
                    yield job;
                }
                case QUEUED, RETRYING -> endNow(job, requestedBy);
            };
        }
    }

    private JobSnapshot endNow(JobSnapshot job, String requestedBy) {
        Instant now = clock.instant();
        // The cancel request first: should a worker pick the job up meanwhile, it skips it.
        publisher.publishCancel(new CancelRequest(job.id(), requestedBy, now));
        JobSnapshot canceled = job.toUnsuccessful(JobStatus.CANCELED,
                new JobError("canceled", "canceled by " + requestedBy), now);
        publisher.publishCanceled(canceled);
        log.info("Canceled the {} job, for {}", job.status(), requestedBy);
        // Read-your-writes; if the store already holds a final state (a worker was quicker), that one stands.
        if (store.apply(canceled)) {
            counters.canceled(job.type(), job.queue(), job.origin());
            return canceled;
        }
        return store.find(job.id()).orElse(canceled);
    }
}
