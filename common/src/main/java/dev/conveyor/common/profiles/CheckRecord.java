package dev.conveyor.common.profiles;

import dev.conveyor.common.checks.CheckOutcome;
import tools.jackson.databind.JsonNode;

/**
 * One control checked on one target, as a report shows it.
 *
 * @param control the control's id
 * @param outcome passed, failed, skipped or error
 * @param message what the check found, for people
 * @param evidence what the check saw, as data; may be absent
 * @param durationMs how long the check took
 */
public record CheckRecord(String control, CheckOutcome outcome, String message, JsonNode evidence, long durationMs) {
}
