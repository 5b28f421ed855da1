package dev.conveyor.worker.execution;

import dev.conveyor.common.jobs.JobError;
import tools.jackson.databind.JsonNode;

/** How one attempt of a job ended, before anything about it is published. */
sealed interface AttemptResult {

    record Passed(JsonNode result) implements AttemptResult {
    }

    record Failed(JobError error, boolean transientFailure) implements AttemptResult {
    }

    record TimedOut(JobError error) implements AttemptResult {
    }

    record Canceled(JobError error) implements AttemptResult {
    }
}
