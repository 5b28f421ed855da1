package dev.conveyor.common.profiles;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * The one check a control runs on each target.
 *
 * @param type a check type: {@code http}, {@code tcp}, {@code tls}, {@code dns}
 * @param params the check's parameters; {@code ${target}} and the target's variables
 *     ({@code ${name}}) are filled in for each target
 * @param timeout how long the check may take on one target; the profile job's
 *     {@code checkTimeout} when absent
 */
public record CheckSpec(String type, JsonNode params, Duration timeout) {
}
