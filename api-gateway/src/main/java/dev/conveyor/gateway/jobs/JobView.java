package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.jobs.PackedResult;
import dev.conveyor.common.jobs.RetryPolicy;
import dev.conveyor.common.secrets.SecretBox;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A job as the API shows it.
 *
 * @param maxAttempts how many attempts the job may have in all (1: no retry)
 * @param nextAttemptAt while {@code RETRYING}, when the next attempt starts
 * @param timeout how long one attempt may run; absent for the worker's default
 * @param retry the job's retry policy
 * @param template the template the job was launched from, and its version; absent otherwise
 * @param relaunchOf the job this one runs again; absent otherwise
 */
public record JobView(
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
        Instant nextAttemptAt,
        Duration timeout,
        RetryPolicy retry,
        TemplateRef template,
        String relaunchOf) {

    /** Which template, in which version, a job was launched from. */
    public record TemplateRef(String id, long version) {
    }

    /** The job as shown: secrets masked. */
    public static JobView of(JobSnapshot s) {
        return new JobView(s.id(), s.type(), s.queue(), s.status(), s.attempt(), SecretBox.masked(s.params()), s.labels(),
                s.submittedBy(), s.submittedAt(), s.startedAt(), s.finishedAt(), s.workerId(), PackedResult.unpacked(s.result()), s.error(),
                s.maxAttempts(), s.nextAttemptAt(), s.timeout(), s.retry(),
                s.origin().templateId() == null ? null
                        : new TemplateRef(s.origin().templateId(), s.origin().templateVersion()),
                s.origin().relaunchOf());
    }
}
