package dev.conveyor.common.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A job to run, as published on {@code conveyor.jobs.<queue>} (keyed by {@link #id()}).
 *
 * @param id the job's id, a UUID chosen by the gateway
 * @param type the job type, which selects the executor
 * @param params the job type's parameters, already validated by the gateway
 * @param queue the queue the job was routed to
 * @param timeout how long one attempt may run; {@code null} for the worker's default
 * @param attempt which attempt this request starts, from 1
 * @param labels free-form key/value labels for filtering
 * @param submittedBy who submitted the job
 * @param submittedAt when the gateway accepted the job
 * @param retry when and how often the job is tried again after a failure; {@link RetryPolicy#NONE}
 *     when absent
 * @param notBefore the earliest time this attempt may start, for attempts after a failure;
 *     {@code null} to start at once
 * @param origin the template, relaunched job and request the job came from; {@link JobOrigin#DIRECT}
 *     when absent
 */
public record JobRequest(
        String id,
        String type,
        JsonNode params,
        String queue,
        Duration timeout,
        int attempt,
        Map<String, String> labels,
        String submittedBy,
        Instant submittedAt,
        RetryPolicy retry,
        Instant notBefore,
        JobOrigin origin) {

    public JobRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(queue, "queue");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        retry = retry == null ? RetryPolicy.NONE : retry;
        origin = origin == null ? JobOrigin.DIRECT : origin;
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
        }
    }

    /** The request of the attempt after this one, which may not start before {@code notBefore}. */
    public JobRequest nextAttempt(Instant notBefore) {
        return new JobRequest(id, type, params, queue, timeout, attempt + 1, labels, submittedBy, submittedAt, retry,
                notBefore, origin);
    }

    /**
     * This request queued once more after an attempt that never reached Kafka: it runs as the
     * attempt after {@code lastAttempt}, so its snapshots outrank that attempt's.
     */
    public JobRequest requeuedAfter(int lastAttempt) {
        return new JobRequest(id, type, params, queue, timeout, lastAttempt + 1, labels, submittedBy, submittedAt,
                retry, null, origin);
    }

    /** This request with other parameters: the same values, sealed again for this job, or narrowed. */
    public JobRequest withParams(JsonNode params) {
        return new JobRequest(id, type, params, queue, timeout, attempt, labels, submittedBy, submittedAt, retry,
                notBefore, origin);
    }

    /** This request run again after the worker running it died: it counts as a further attempt. */
    public JobRequest redelivered() {
        return new JobRequest(id, type, params, queue, timeout, attempt + 1, labels, submittedBy, submittedAt, retry,
                null, origin);
    }
}
