package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobLogContext;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.gateway.store.JobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Queues valid job requests on Kafka and makes them visible in this gateway's store at once;
 * with an {@code Idempotency-Key}, answers a retry with the jobs its first request made.
 *
 * <p>A job is answered as queued only when its request is known to be on its jobs topic: Kafka
 * acknowledged it to this gateway, or a store holds the job, which it does only once it read the
 * request there or a gateway's publish of it was acknowledged. Whatever a retry cannot find so,
 * it publishes again: a failed publish may have reached Kafka all the same, and a second request
 * of one job is harmless (the store keeps one row and the first final state).
 */
@Service
public class JobQueueing {

    private static final Logger log = LoggerFactory.getLogger(JobQueueing.class);

    private final JobPublisher publisher;
    private final JobStore store;
    private final JobCounters counters;
    /** The first job id of each keyed request under way on this gateway: a concurrent retry waits for none, it gets 409. */
    private final Set<String> underWay = ConcurrentHashMap.newKeySet();

    JobQueueing(JobPublisher publisher, JobStore store, JobCounters counters) {
        this.publisher = publisher;
        this.store = store;
        this.counters = counters;
    }

    /**
     * @param requests valid requests, with ids from {@code idempotency} when it is not {@code null}
     * @return the jobs, in the order of {@code requests}
     * @throws IdempotencyConflictException when the key was used for another request, or its
     *     first request is still under way here
     * @throws JobNotEnqueuedException when Kafka did not take some jobs
     */
    public List<JobSnapshot> queue(List<JobRequest> requests, Idempotency idempotency) {
        if (idempotency == null) {
            return publish(requests);
        }
        String first = requests.getFirst().id();
        if (!underWay.add(first)) {
            throw new IdempotencyConflictException("A request with Idempotency-Key '" + idempotency.key()
                    + "' is under way; wait for its answer");
        }
        try {
            return queueOnce(requests, idempotency);
        } finally {
            underWay.remove(first);
        }
    }

    private List<JobSnapshot> queueOnce(List<JobRequest> requests, Idempotency idempotency) {
        List<JobSnapshot> jobs = new ArrayList<>(requests.size());
        List<JobRequest> toPublish = new ArrayList<>();
        for (JobRequest request : requests) {
            Optional<JobSnapshot> earlier = store.find(request.id());
            if (earlier.isPresent() && !Objects.equals(earlier.get().origin().requestDigest(), idempotency.digest())) {
                throw new IdempotencyConflictException("Idempotency-Key '" + idempotency.key()
                        + "' was used for another request; use a new key for a new request");
            }
            if (earlier.isPresent() && !earlier.get().isNotEnqueued()) {
                // The store holds it, so its request is on its topic.
                jobs.add(earlier.get());
            } else {
                // New, or not known to be on Kafka (a gateway of the first record format marked a
                // job it could not tell about DEAD not-enqueued; that one runs as a further attempt).
                JobRequest again = earlier.map(e -> request.requeuedAfter(e.attempt())).orElse(request);
                toPublish.add(again);
                jobs.add(null);
            }
        }
        List<JobSnapshot> published = publish(toPublish);
        for (int i = 0, p = 0; i < jobs.size(); i++) {
            if (jobs.get(i) == null) {
                jobs.set(i, published.get(p++));
            }
        }
        return jobs;
    }

    private List<JobSnapshot> publish(List<JobRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        PublishOutcome outcome = PublishOutcome.of(requests, publisher.publish(requests));
        List<JobRequest> acknowledged = outcome.acknowledged();
        // Read-your-writes for what Kafka acknowledged, even when it did not all of a batch: a retry
        // then finds those here and publishes only the rest.
        List<JobSnapshot> queued = store.applyQueued(acknowledged);
        for (JobRequest request : acknowledged) {
            counters.submitted(request.type(), request.queue(), request.origin());
            if (log.isDebugEnabled()) {
                try (var ignored = JobLogContext.of(request)) {
                    log.debug("Queued {} job on {}", request.type(), request.queue());
                }
            }
        }
        if (!outcome.unknownIds().isEmpty()) {
            log.warn("Kafka did not acknowledge {} of {} jobs (first {}): {}", outcome.unknownIds().size(),
                    requests.size(), outcome.unknownIds().getFirst(), outcome.firstFailure().toString());
            throw new JobNotEnqueuedException(outcome.unknownIds(), requests.size(), outcome.firstFailure());
        }
        return queued;
    }
}
