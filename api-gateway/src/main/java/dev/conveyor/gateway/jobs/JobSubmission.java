package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import org.springframework.stereotype.Service;

/** Validates submitted jobs and queues them, all or none when any is invalid. */
@Service
class JobSubmission {

    private final JobRequestFactory requests;
    private final JobQueueing queueing;

    JobSubmission(JobRequestFactory requests, JobQueueing queueing) {
        this.requests = requests;
        this.queueing = queueing;
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
}
