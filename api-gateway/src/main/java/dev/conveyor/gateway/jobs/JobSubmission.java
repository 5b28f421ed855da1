package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.Violation;
import dev.conveyor.gateway.store.JobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** Validates submitted jobs and queues them, all or none when any is invalid. */
@Service
class JobSubmission {

    private final JobRequestFactory requests;
    private final JobQueueing queueing;
    private final JobStore store;
    private final SecretBox secrets;

    JobSubmission(JobRequestFactory requests, JobQueueing queueing, JobStore store, SecretBox secrets) {
        this.requests = requests;
        this.queueing = queueing;
        this.store = store;
        this.secrets = secrets;
    }

    /**
     * @param pointerOf where the {@code i}th job is in the request body, as a JSON pointer
     * @throws InvalidJobException listing every problem of every job; nothing is queued then
     * @throws JobNotEnqueuedException when Kafka did not take some jobs
     */
    List<JobSnapshot> submit(List<SubmitJobRequest> jobs, IntFunction<String> pointerOf, String submittedBy,
            Idempotency idempotency) {
        JobOrigin origin = idempotency == null ? JobOrigin.DIRECT : JobOrigin.DIRECT.withRequestDigest(idempotency.digest());
        List<Violation> violations = new ArrayList<>();
        List<JobRequest> valid = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            String id = idempotency == null ? UUID.randomUUID().toString() : idempotency.jobId(i);
            valid.add(requests.create(jobs.get(i), id, submittedBy, origin, pointerOf.apply(i), violations));
        }
        if (!violations.isEmpty()) {
            throw new InvalidJobException(violations);
        }
        return queueing.queue(valid, idempotency);
    }

    /**
     * Queues a new job that runs what another one ran: same type, parameters, queue, timeout,
     * retry policy, labels and template.
     */
    JobSnapshot relaunch(String jobId, String submittedBy, Idempotency idempotency, boolean onlyFailed) {
        JobSnapshot old = store.find(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
        String id = idempotency == null ? UUID.randomUUID().toString() : idempotency.jobId(0);
        JobOrigin origin = old.origin().withRelaunchOf(old.id())
                .withRequestDigest(Optional.ofNullable(idempotency).map(Idempotency::digest).orElse(null));
        // A sealed secret is bound to its job: the new job gets it sealed anew.
        JsonNode params = SecretBox.holdsSecrets(old.params()) ? secrets.reseal(old.params(), old.id(), id) : old.params();
        if (onlyFailed) {
            params = FailedChecks.onlyFailed(old, params);
        }
        JobRequest request = new JobRequest(id, old.type(), params, old.queue(), old.timeout(), 1, old.labels(),
                submittedBy, requests.now(), old.retry(), null, origin);
        return queueing.queue(List.of(request), idempotency).getFirst();
    }
}
