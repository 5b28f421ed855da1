package dev.conveyor.worker.execution;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobEvent;
import dev.conveyor.common.secrets.SecretBox;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Masks a job's secret values in whatever the job says about itself: its result, its error, its
 * progress and log lines. An executor only sees clear text; a message that repeats its input (a
 * URL that did not answer, say) must not carry a secret out of the worker.
 *
 * @param secrets the clear text of the job's secrets, as sent and as URL-encoded
 */
record SecretRedaction(List<String> secrets) {

    static SecretRedaction of(List<String> clearTexts) {
        return new SecretRedaction(clearTexts.stream().filter(value -> !value.isEmpty())
                .flatMap(value -> Stream.of(value, URLEncoder.encode(value, StandardCharsets.UTF_8))).distinct()
                // The longest first, so that no part of a longer secret is left beside a mask.
                .sorted((a, b) -> b.length() - a.length()).toList());
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, SecretBox.MASK);
        }
        return redacted;
    }

    JsonNode redact(JsonNode node) {
        if (secrets.isEmpty() || node == null) {
            return node;
        }
        if (node.isString()) {
            return JsonNodeFactory.instance.stringNode(redact(node.asString()));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> copy.set(redact(field.getKey()), redact(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(redact(item)));
            return copy;
        }
        return node;
    }

    JobEvent redact(JobEvent event) {
        return secrets.isEmpty() ? event : new JobEvent(event.jobId(), event.attempt(), event.at(), event.kind(),
                redact(event.message()), event.progress());
    }

    AttemptResult redact(AttemptResult result) {
        if (secrets.isEmpty()) {
            return result;
        }
        return switch (result) {
            case AttemptResult.Passed passed -> new AttemptResult.Passed(redact(passed.result()));
            case AttemptResult.Failed failed -> new AttemptResult.Failed(redact(failed.error()),
                    failed.transientFailure());
            case AttemptResult.TimedOut timedOut -> new AttemptResult.TimedOut(redact(timedOut.error()));
            case AttemptResult.Canceled canceled -> canceled;
        };
    }

    JobError redact(JobError error) {
        return new JobError(error.kind(), redact(error.message()));
    }
}
