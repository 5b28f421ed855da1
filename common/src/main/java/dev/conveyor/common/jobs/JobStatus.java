package dev.conveyor.common.jobs;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every state a job can be in, and the one table of which state may follow which.
 *
 * <p>Gateway and worker both ask this enum before they publish a state, so a job can never be
 * moved backwards or out of a final state by either side.
 */
public enum JobStatus {

    /** Accepted and published, waiting for a worker. */
    QUEUED,
    /** A worker is executing the job. */
    RUNNING,
    /**
     * An attempt failed and the job waits for its next attempt, holding no worker slot. Belongs to
     * the attempt it waits for, like {@code QUEUED} to the first.
     */
    RETRYING,
    /** Finished and passed. */
    SUCCEEDED,
    /** Finished and failed, with no attempt left. */
    FAILED,
    /** Stopped because it ran longer than its timeout. */
    TIMED_OUT,
    /** Stopped or skipped because somebody asked for it. */
    CANCELED,
    /** Could never be delivered to a worker: unreadable, or not enqueued. */
    DEAD;

    /** The states that end a job: nothing follows them. */
    public static final Set<JobStatus> FINAL = EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELED, DEAD);

    /**
     * Whether a job in this state may move to {@code next}.
     *
     * <p>{@code RUNNING -> RUNNING} is legal: a job whose worker died is run again by another one.
     */
    public boolean canTransitionTo(JobStatus next) {
        return switch (this) {
            case QUEUED -> next == RUNNING || next == CANCELED || next == DEAD;
            case RUNNING -> next != QUEUED && next != DEAD;
            case RETRYING -> next == RUNNING || next == CANCELED || next == DEAD;
            case SUCCEEDED, FAILED, TIMED_OUT, CANCELED, DEAD -> false;
        };
    }

    /** Whether nothing can follow this state. */
    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /**
     * Where this state sits within one attempt: 0 waiting for it, 1 running it, 2 it is over.
     * With the attempt number this orders every snapshot of a job (see {@link JobSnapshot#version()}).
     */
    int phase() {
        return switch (this) {
            case QUEUED, RETRYING -> 0;
            case RUNNING -> 1;
            case SUCCEEDED, FAILED, TIMED_OUT, CANCELED, DEAD -> 2;
        };
    }
}
