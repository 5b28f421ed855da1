package dev.conveyor.gateway.jobs;

import java.util.List;

/**
 * One page of {@code GET /api/v1/jobs}.
 *
 * @param items the jobs, newest first
 * @param nextCursor pass as {@code cursor} to get the next page; absent on the last page
 */
record JobListView(List<JobView> items, String nextCursor) {
}
