package dev.conveyor.gateway.templates;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.common.types.InvalidJobException;
import java.util.List;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Seals the secret values of a launched job, for that job's id, before anything else sees them. */
final class SealedParams {

    private SealedParams() {
    }

    /** {@code request} with the value at each of {@code secretPointers} sealed for its job. */
    static JobRequest of(SecretBox secrets, JobRequest request, List<String> secretPointers) {
        if (secretPointers.isEmpty()) {
            return request;
        }
        JsonNode params = request.params().deepCopy();
        for (String pointer : secretPointers) {
            JsonPointer at = JsonPointer.compile(pointer);
            JsonNode value = params.at(at);
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            ObjectNode sealed = secrets.seal(value.isString() ? value.asString() : value.toString(), request.id());
            JsonNode parent = params.at(at.head());
            if (parent instanceof ObjectNode object) {
                object.set(at.last().getMatchingProperty(), sealed);
            } else if (parent instanceof ArrayNode array) {
                array.set(at.last().getMatchingIndex(), sealed);
            } else {
                throw new InvalidJobException(pointer, "a secret must be a string parameter");
            }
        }
        return request.withParams(params);
    }
}
