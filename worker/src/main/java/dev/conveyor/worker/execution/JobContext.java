package dev.conveyor.worker.execution;

import dev.conveyor.common.jobs.JobEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * What an executor may know about the job it runs besides its parameters, and how it tells
 * whoever watches the job how far it got.
 *
 * @param jobId the job's id
 * @param attempt the attempt being run, from 1
 * @param timeout how long this attempt may run; the executor is interrupted when it is over
 * @param events where the job's progress and log lines go (best effort: a line may be lost, the
 *     job's state never is)
 * @param clock the worker's clock, which dates the lines
 * @param queue the job's queue, whose target scope its checks keep to; {@code null} for the
 *     default scope
 * @param redaction masks the job's secret values in a text; an executor that cuts a text short
 *     (an excerpt, a quoted value) masks it first, so that no part of a secret is left at the cut
 */
public record JobContext(String jobId, int attempt, Duration timeout, JobEventSink events, Clock clock, String queue,
        UnaryOperator<String> redaction) {

    /** A context of a job without secrets. */
    public JobContext(String jobId, int attempt, Duration timeout, JobEventSink events, Clock clock, String queue) {
        this(jobId, attempt, timeout, events, clock, queue, UnaryOperator.identity());
    }

    /** A context of a job in the default scope. */
    public JobContext(String jobId, int attempt, Duration timeout, JobEventSink events, Clock clock) {
        this(jobId, attempt, timeout, events, clock, null);
    }

    /** A context whose lines go nowhere; for running an executor outside a worker. */
    public static JobContext detached(String jobId, int attempt, Duration timeout) {
        return new JobContext(jobId, attempt, timeout, event -> { }, Clock.systemUTC());
    }

    /**
     * Tells watchers how much of the work is done.
     *
     * @param share from 0 to 1
     * @param message what is being done, for people
     */
    public void progress(double share, String message) {
        events.emit(new JobEvent(jobId, attempt, clock.instant(), JobEvent.Kind.PROGRESS, message,
                Math.max(0, Math.min(1, share))));
    }

    /** {@code text} with the job's secret values masked: what may be cut short and shown. */
    public String redacted(String text) {
        return redaction.apply(text);
    }

    /** Tells watchers a line of what the job is doing. */
    public void log(String message) {
        events.emit(new JobEvent(jobId, attempt, clock.instant(), JobEvent.Kind.LOG, message, null));
    }

    /** Where a job's events go. */
    @FunctionalInterface
    public interface JobEventSink {

        void emit(JobEvent event);
    }
}
