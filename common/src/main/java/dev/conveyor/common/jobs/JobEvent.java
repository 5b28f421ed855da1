package dev.conveyor.common.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * A progress or log line of a running job, published on {@code conveyor.job-events} (keyed by job id)
 * for live streams. Events are not state: the state is in {@link JobSnapshot}.
 *
 * @param jobId the job's id
 * @param attempt the attempt that emitted the event
 * @param at when it happened
 * @param kind what sort of event it is
 * @param message the line itself
 * @param progress the share of the work done, from 0 to 1, or {@code null} when unknown
 */
public record JobEvent(String jobId, int attempt, Instant at, Kind kind, String message, Double progress) {

    public JobEvent {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(kind, "kind");
    }

    /** What sort of line an event is. */
    public enum Kind {
        PROGRESS,
        LOG
    }
}
