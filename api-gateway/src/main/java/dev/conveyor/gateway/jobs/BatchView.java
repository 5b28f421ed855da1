package dev.conveyor.gateway.jobs;

import java.util.List;

/**
 * The answer of {@code POST /api/v1/jobs:batch}.
 *
 * @param jobs the queued jobs, in the order they were submitted
 */
record BatchView(List<JobView> jobs) {
}
