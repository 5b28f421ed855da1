package dev.conveyor.gateway.templates;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/templates/{id}/launch}; it may be empty.
 *
 * @param params values of the template's declared parameters; the others keep their defaults
 * @param labels labels of this job, added to the template's
 */
record LaunchRequest(
        JsonNode params,
        @Size(max = 32) Map<@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]{0,62}") String, @Size(max = 256) String> labels) {
}
