package dev.conveyor.gateway.store;

import dev.conveyor.common.jobs.JobStatus;
import java.util.Set;

/**
 * Which jobs to list, newest first.
 *
 * @param statuses only jobs in one of these states; empty for any
 * @param type only jobs of this type; {@code null} for any
 * @param queue only jobs of this queue; {@code null} for any
 * @param limit at most this many jobs
 * @param cursor where the previous page ended ({@link JobPage#nextCursor()}); {@code null} for the first page
 */
public record JobQuery(Set<JobStatus> statuses, String type, String queue, int limit, String cursor) {

    public JobQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    }
}
