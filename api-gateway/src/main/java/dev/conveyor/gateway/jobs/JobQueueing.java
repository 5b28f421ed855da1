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
                jobs.add(earlier.get());
            } else {
                // New, or its first request failed to reach Kafka: queue it (again, as a further attempt).
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
        publisher.publish(requests);
        List<JobSnapshot> queued = requests.stream().map(JobSnapshot::queued).toList();
        // Read-your-writes: the projection will apply the same snapshots again, harmlessly.
        store.applyAll(queued);
        for (JobRequest request : requests) {
            counters.submitted(request.type(), request.queue(), request.origin());
            try (var ignored = JobLogContext.of(request)) {
                log.info("Queued {} job on {}", request.type(), request.queue());
            }
        }
        return queued;
    }
}
