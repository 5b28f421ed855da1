package dev.conveyor.common.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * Somebody asked to cancel a job; published on the compacted {@code conveyor.control} topic
 * (keyed by job id), which every worker reads whole, so the worker running the job stops it and
 * a worker about to start it skips it.
 *
 * @param jobId the job to cancel
 * @param requestedBy who asked
 * @param requestedAt when the gateway took the request
 */
public record CancelRequest(String jobId, String requestedBy, Instant requestedAt) {

    public CancelRequest {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
