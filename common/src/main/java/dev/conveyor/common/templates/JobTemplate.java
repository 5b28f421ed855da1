package dev.conveyor.common.templates;

import dev.conveyor.common.jobs.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A job template, as published on the compacted {@code conveyor.templates} topic (keyed by
 * {@link #id()}; a deleted template is a tombstone): the system of record for templates.
 *
 * @param id the template's name in paths, e.g. {@code nightly-health}
 * @param version 1 when created, one more on every change; a job records the version it ran
 * @param description what the template is for, for people
 * @param type the job type
 * @param params the job's parameters; string values may hold {@code ${name}} placeholders of
 *     declared parameters
 * @param parameters the JSON Schema of what a launch may set ({@link ParameterSchema})
 * @param queue the queue the jobs run on; the gateway's default when absent
 * @param timeout how long one attempt may run; the worker's default when absent
 * @param retry the jobs' retry policy; the gateway's default when absent
 * @param labels labels every launched job carries (a launch may add its own)
 * @param updatedBy who created or last changed the template
 * @param updatedAt when
 */
public record JobTemplate(
        String id,
        long version,
        String description,
        String type,
        JsonNode params,
        JsonNode parameters,
        String queue,
        Duration timeout,
        RetryPolicy retry,
        Map<String, String> labels,
        String updatedBy,
        Instant updatedAt) {

    public JobTemplate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
