package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.RetryPolicy;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.JobParams;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.common.types.Violation;
import dev.conveyor.gateway.store.JobStore;
import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/** Validates a submitted job, queues it on Kafka, and makes it visible in this gateway's store at once. */
@Service
class JobSubmission {

    private static final Logger log = LoggerFactory.getLogger(JobSubmission.class);

    private final JobPublisher publisher;
    private final JobStore store;
    private final GatewayProperties properties;

    JobSubmission(JobPublisher publisher, JobStore store, GatewayProperties properties) {
        this.publisher = publisher;
        this.store = store;
        this.properties = properties;
    }

    /**
     * @throws InvalidJobException listing every problem of the submission
     * @throws JobNotEnqueuedException when Kafka did not take the job
     */
    JobSnapshot submit(SubmitJobRequest submission, String submittedBy) {
        String queue = submission.queue() == null ? properties.defaultQueue() : submission.queue();
        JobParams params = validate(submission, queue);
        RetryPolicy retry = submission.retry() == null ? properties.defaultRetry() : submission.retry();
        JobRequest request = new JobRequest(UUID.randomUUID().toString(), submission.type(),
                ConveyorJson.mapper().valueToTree(params), queue, submission.timeout(), 1, submission.labels(),
                submittedBy, Instant.now().truncatedTo(ChronoUnit.MICROS), retry, null);
        JobSnapshot queued = JobSnapshot.queued(request);
        try (var ignored = MDC.putCloseable("jobId", request.id())) {
            publisher.publish(request, queued);
            // Read-your-writes: the projection will apply the same snapshot again, harmlessly.
            store.apply(queued);
            log.info("Queued {} job on {}", request.type(), queue);
        }
        return queued;
    }

    private JobParams validate(SubmitJobRequest submission, String queue) {
        List<Violation> violations = new ArrayList<>();
        if (!properties.queues().contains(queue)) {
            violations.add(new Violation("/queue", "unknown queue '" + queue + "'; this gateway accepts "
                    + properties.queues()));
        }
        if (submission.timeout() != null && (submission.timeout().isNegative() || submission.timeout().isZero()
                || submission.timeout().compareTo(properties.maxTimeout()) > 0)) {
            violations.add(new Violation("/timeout", "must be more than PT0S and at most " + properties.maxTimeout()));
        }
        JobParams params = null;
        try {
            params = JobTypes.parse(submission.type(), submission.params());
        } catch (InvalidJobException e) {
            violations.addAll(e.violations());
        }
        if (submission.retry() != null) {
            violations.addAll(submission.retry().problems("/retry"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidJobException(violations);
        }
        return params;
    }
}
