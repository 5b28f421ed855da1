package dev.conveyor.common.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A job to run, as published on {@code conveyor.jobs.<queue>} (keyed by {@link #id()}).
 *
 * @param id the job's id, a UUID chosen by the gateway
 * @param type the job type, which selects the executor
 * @param params the job type's parameters, already validated by the gateway
 * @param queue the queue the job was routed to
 * @param timeout how long one attempt may run; {@code null} for the worker's default
 * @param attempt which attempt this request starts, from 1
 * @param labels free-form key/value labels for filtering
 * @param submittedBy who submitted the job
 * @param submittedAt when the gateway accepted the job
 */
public record JobRequest(
        String id,
        String type,
        JsonNode params,
        String queue,
        Duration timeout,
        int attempt,
        Map<String, String> labels,
        String submittedBy,
        Instant submittedAt) {

    public JobRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(queue, "queue");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
        }
    }
}
