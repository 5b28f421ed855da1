package dev.conveyor.gateway.store;

import dev.conveyor.common.jobs.JobSnapshot;
import java.util.List;

/**
 * One page of a job list.
 *
 * @param items the jobs, newest first
 * @param nextCursor the cursor of the next page, or {@code null} when this is the last one
 */
public record JobPage(List<JobSnapshot> items, String nextCursor) {
}
