package dev.conveyor.gateway.jobs;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * The body of {@code POST /api/v1/jobs:batch}.
 *
 * @param jobs the jobs, each as the body of {@code POST /api/v1/jobs}; at most
 *     {@code conveyor.gateway.max-batch-size} (default 1,000)
 */
record BatchSubmitRequest(@NotEmpty List<@Valid SubmitJobRequest> jobs) {
}
