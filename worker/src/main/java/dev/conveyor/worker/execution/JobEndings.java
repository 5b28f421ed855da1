package dev.conveyor.worker.execution;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.jobs.PackedResult;
import dev.conveyor.common.jobs.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Publishes how a job's attempt ended: its final state, or, when its retry policy allows another
 * attempt, {@code RETRYING} and the next attempt's request on the queue's retry topic. Returns
 * only once Kafka acknowledged all of it, so the request's offset may then be committed.
 */
@Component
class JobEndings {

    private static final Logger log = LoggerFactory.getLogger(JobEndings.class);

    private final SnapshotPublisher snapshots;
    private final JobMetrics metrics;
    private final Clock clock;
    private final RandomGenerator random = new SplittableRandom();

    JobEndings(SnapshotPublisher snapshots, JobMetrics metrics, Clock clock) {
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.clock = clock;
    }

    Disposition end(JobRequest request, JobSnapshot running, AttemptResult result) throws InterruptedException {
        Instant now = clock.instant();
        return switch (result) {
            case AttemptResult.Passed passed -> succeeded(request, running, passed, now);
            case AttemptResult.Canceled canceled -> finish(running.toUnsuccessful(JobStatus.CANCELED, canceled.error(),
                    now), Disposition.DONE);
            case AttemptResult.TimedOut timedOut -> endOrRetry(request, running, JobStatus.TIMED_OUT, timedOut.error(),
                    false);
            case AttemptResult.Failed failed -> endOrRetry(request, running, JobStatus.FAILED, failed.error(),
                    failed.transientFailure());
        };
    }

    private Disposition succeeded(JobRequest request, JobSnapshot running, AttemptResult.Passed passed, Instant now)
            throws InterruptedException {
        JsonNode result;
        try {
            result = PackedResult.packed(passed.result());
        } catch (PackedResult.ResultTooLargeException e) {
            // Never cut: a result that cannot travel whole fails its job, saying how large it was.
            return endOrRetry(request, running, JobStatus.FAILED, new JobError("result-too-large", e.getMessage()), false);
        }
        return finish(running.toSucceeded(result, now), Disposition.DONE);
    }

    /** A job that was canceled before it started. */
    Disposition skipCanceled(JobRequest request, JobError reason) throws InterruptedException {
        return finish(JobSnapshot.queued(request).toUnsuccessful(JobStatus.CANCELED, reason, clock.instant()),
                Disposition.DONE);
    }

    /** A job no worker can run: it ends {@code DEAD} and its request goes to the dead-letter topic. */
    Disposition dead(JobRequest request, JobError reason) throws InterruptedException {
        return finish(JobSnapshot.queued(request).toUnsuccessful(JobStatus.DEAD, reason, clock.instant()),
                Disposition.deadLetter(reason.kind(), reason.kind() + ": " + reason.message()));
    }

    /**
     * A job whose attempts were all cut short by workers that died: it ends {@code DEAD} without
     * running again, so a job that kills its workers cannot go round forever.
     */
    Disposition outOfAttempts(JobRequest request, Instant now) throws InterruptedException {
        JobError error = new JobError("worker-lost", "attempt " + (request.attempt() - 1)
                + " ended with its worker, and so did too many before it: the job is not tried again");
        JobSnapshot snapshot = JobSnapshot.queued(request).toUnsuccessful(JobStatus.DEAD, error, now);
        return finish(snapshot, Disposition.deadLetter(error.kind(), "retries exhausted: " + error.message()));
    }

    private Disposition endOrRetry(JobRequest request, JobSnapshot running, JobStatus status, JobError error,
            boolean transientFailure) throws InterruptedException {
        RetryPolicy policy = request.retry();
        if (policy.retries(request.attempt(), error.kind(), transientFailure)) {
            Duration delay = policy.delayAfter(request.attempt(), random);
            Instant nextAt = clock.instant().plus(delay);
            // RETRYING first: the next attempt's snapshots must follow it on the results topic.
            snapshots.publishUntilAcknowledged(running.toRetrying(error, nextAt));
            snapshots.publishRetryUntilAcknowledged(request.nextAttempt(nextAt));
            metrics.attemptEnded(running, status, clock.instant());
            metrics.retried(request);
            log.info("{} job attempt {} {} ({}); attempt {} in {} ms", request.type(), request.attempt(), status,
                    error.message(), request.attempt() + 1, delay.toMillis());
            return Disposition.DONE;
        }
        boolean exhausted = policy.maxAttempts() > 1 && request.attempt() >= policy.maxAttempts();
        return finish(running.toUnsuccessful(status, error, clock.instant()), exhausted
                ? Disposition.deadLetter("retries-exhausted", "retries exhausted after " + request.attempt()
                        + " attempts: " + error.message())
                : Disposition.DONE);
    }

    private Disposition finish(JobSnapshot end, Disposition disposition) throws InterruptedException {
        snapshots.publishUntilAcknowledged(end);
        metrics.attemptEnded(end, end.status(), end.finishedAt());
        metrics.completed(end);
        if (end.error() == null) {
            log.debug("{} job {} after {} ms", end.type(), end.status(), millis(end));
        } else {
            log.debug("{} job {} after {} ms: {}", end.type(), end.status(), millis(end), end.error().message());
        }
        return disposition;
    }

    private static long millis(JobSnapshot end) {
        return end.startedAt() == null ? 0 : Duration.between(end.startedAt(), end.finishedAt()).toMillis();
    }
}
