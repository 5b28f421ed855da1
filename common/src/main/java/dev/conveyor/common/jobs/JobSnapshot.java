package dev.conveyor.common.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The whole state of one job at one moment, as published on the compacted
 * {@code conveyor.job-results} topic (keyed by {@link #id()}): the system of record for job state.
 *
 * <p>Snapshots are only made through {@link #queued} and the {@code to…} methods, which check the
 * lifecycle and derive {@link #version()}.
 *
 * @param id the job's id
 * @param type the job type
 * @param params the job's parameters
 * @param queue the queue the job was routed to
 * @param labels the job's labels
 * @param status the job's state
 * @param attempt the attempt this snapshot belongs to, from 1; while {@code RETRYING}, the attempt
 *     that waits to run
 * @param version orders the snapshots of one job: a store applies a snapshot only if its version
 *     is higher than the one it holds, so replays and duplicates are harmless
 * @param workerId the worker running or having run the attempt, {@code null} while queued
 * @param submittedBy who submitted the job
 * @param submittedAt when the gateway accepted the job
 * @param startedAt when the current attempt started
 * @param finishedAt when the job reached a final state
 * @param result what the job produced, if it produced anything
 * @param error why the job did not succeed; while {@code RETRYING}, why the last attempt failed
 * @param maxAttempts how many attempts the job may have in all
 * @param nextAttemptAt while {@code RETRYING}, when the next attempt starts
 * @param origin the template, relaunched job and request the job came from
 * @param timeout how long one attempt may run; {@code null} for the worker's default
 * @param retry the job's retry policy
 */
public record JobSnapshot(
        String id,
        String type,
        JsonNode params,
        String queue,
        Map<String, String> labels,
        JobStatus status,
        int attempt,
        long version,
        String workerId,
        String submittedBy,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        JsonNode result,
        JobError error,
        int maxAttempts,
        Instant nextAttemptAt,
        JobOrigin origin,
        Duration timeout,
        RetryPolicy retry) {

    public JobSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        origin = origin == null ? JobOrigin.DIRECT : origin;
        retry = retry == null ? RetryPolicy.NONE : retry;
    }

    /** The first snapshot of a job, made by the gateway that accepted it. */
    public static JobSnapshot queued(JobRequest request) {
        return new JobSnapshot(request.id(), request.type(), request.params(), request.queue(), request.labels(),
                JobStatus.QUEUED, request.attempt(), versionOf(request.attempt(), JobStatus.QUEUED), null,
                request.submittedBy(), request.submittedAt(), null, null, null, null, request.retry().maxAttempts(),
                null, request.origin(), request.timeout(), request.retry());
    }

    /** The snapshot of a request a worker starts, whatever state the job was in before. */
    public static JobSnapshot running(JobRequest request, String workerId, Instant now) {
        return queued(request).to(JobStatus.RUNNING, request.attempt(), workerId, now, null, null, null);
    }

    /**
     * The request of the attempt this snapshot of a waiting job ({@code QUEUED}) waits for, as the
     * gateway published it; to publish it again.
     */
    public JobRequest toRequest() {
        if (status != JobStatus.QUEUED) {
            throw new IllegalStateException("job " + id + " is " + status + ", not waiting to be queued");
        }
        return new JobRequest(id, type, params, queue, timeout, attempt, labels, submittedBy, submittedAt, retry, null,
                origin);
    }

    /**
     * Whether the job ended because its request never reached Kafka: the one final state that may
     * be left again, when the same job is queued once more (a retry with its Idempotency-Key).
     */
    public boolean isNotEnqueued() {
        return status == JobStatus.DEAD && error != null && JobError.NOT_ENQUEUED.equals(error.kind());
    }

    public JobSnapshot toSucceeded(JsonNode result, Instant now) {
        return to(JobStatus.SUCCEEDED, attempt, workerId, startedAt, now, result, null);
    }

    /** A final state other than success: {@code FAILED}, {@code TIMED_OUT}, {@code CANCELED} or {@code DEAD}. */
    public JobSnapshot toUnsuccessful(JobStatus status, JobError error, Instant now) {
        if (status == JobStatus.SUCCEEDED || !status.isFinal()) {
            throw new IllegalArgumentException(status + " is not an unsuccessful final state");
        }
        return to(status, attempt, workerId, startedAt, now, result, error);
    }

    /**
     * The running attempt failed and the next one starts at {@code nextAttemptAt}: the snapshot
     * belongs to that next attempt, which has not started.
     */
    public JobSnapshot toRetrying(JobError lastError, Instant nextAttemptAt) {
        return to(JobStatus.RETRYING, attempt + 1, workerId, startedAt, null, null, lastError, nextAttemptAt);
    }

    private JobSnapshot to(JobStatus next, int nextAttempt, String worker, Instant started, Instant finished,
            JsonNode nextResult, JobError nextError) {
        return to(next, nextAttempt, worker, started, finished, nextResult, nextError, null);
    }

    private JobSnapshot to(JobStatus next, int nextAttempt, String worker, Instant started, Instant finished,
            JsonNode nextResult, JobError nextError, Instant nextAttemptTime) {
        if (!status.canTransitionTo(next)) {
            throw new IllegalTransitionException(id, status, next);
        }
        return new JobSnapshot(id, type, params, queue, labels, next, nextAttempt, versionOf(nextAttempt, next),
                worker, submittedBy, submittedAt, started, finished, nextResult, nextError, maxAttempts,
                nextAttemptTime, origin, timeout, retry);
    }

    /**
     * The version of a snapshot in a given attempt and state. Later attempts always win; within an
     * attempt, waiting &lt; running &lt; over. Two workers running the same attempt (after a worker
     * died) produce equal versions, so the first final state a store sees is the one it keeps.
     */
    static long versionOf(int attempt, JobStatus status) {
        return attempt * 3L + status.phase();
    }
}
