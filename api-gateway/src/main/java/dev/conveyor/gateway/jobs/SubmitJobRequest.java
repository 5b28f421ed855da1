package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.RetryPolicy;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/jobs}.
 *
 * @param type the job type, e.g. {@code sleep}
 * @param params the job type's parameters
 * @param queue the queue to run on; the gateway's default queue when absent
 * @param timeout how long one attempt may run (ISO-8601, e.g. {@code PT30S}); the worker's default when absent
 * @param labels free-form labels to find the job by
 * @param retry when and how often to try the job again after a failed attempt; the gateway's
 *     default ({@code conveyor.gateway.default-retry}, no retry unless configured) when absent
 */
public record SubmitJobRequest(
        @NotBlank @Size(max = 64) String type,
        JsonNode params,
        @Size(min = 1, max = 200) String queue,
        Duration timeout,
        @Size(max = 32) Map<@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]{0,62}") String, @NotNull @Size(max = 256) String> labels,
        RetryPolicy retry) {
}
