package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A job as the API shows it.
 *
 * @param maxAttempts how many attempts the job may have in all (1: no retry)
 * @param nextAttemptAt while {@code RETRYING}, when the next attempt starts
 */
record JobView(
        String id,
        String type,
        String queue,
        JobStatus status,
        int attempt,
        JsonNode params,
        Map<String, String> labels,
        String submittedBy,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        String workerId,
        JsonNode result,
        JobError error,
        int maxAttempts,
        Instant nextAttemptAt) {

    static JobView of(JobSnapshot s) {
        return new JobView(s.id(), s.type(), s.queue(), s.status(), s.attempt(), s.params(), s.labels(),
                s.submittedBy(), s.submittedAt(), s.startedAt(), s.finishedAt(), s.workerId(), s.result(), s.error(),
                s.maxAttempts(), s.nextAttemptAt());
    }
}
