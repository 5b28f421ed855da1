package dev.conveyor.gateway.templates;

import dev.conveyor.common.jobs.RetryPolicy;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/templates} and {@code PUT /api/v1/templates/{id}}.
 *
 * @param id the template's name in paths (lower-case letters, digits and -); on PUT, the path's
 * @param description what the template is for
 * @param type the job type
 * @param params the job's parameters; string values may hold {@code ${name}} placeholders of declared parameters
 * @param parameters a JSON Schema object of what a launch may set (see the templates guide)
 * @param queue the queue the jobs run on
 * @param timeout how long one attempt may run (ISO-8601)
 * @param retry the jobs' retry policy
 * @param labels labels every launched job carries
 */
record TemplateRequest(
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "must be 1 to 63 lower-case letters, digits or -")
        String id,
        @Size(max = 1000) String description,
        @NotBlank @Size(max = 64) String type,
        JsonNode params,
        JsonNode parameters,
        @Size(max = 64) String queue,
        Duration timeout,
        RetryPolicy retry,
        @Size(max = 32) Map<@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]{0,62}") String, @Size(max = 256) String> labels) {
}
