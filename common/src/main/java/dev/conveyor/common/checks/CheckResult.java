package dev.conveyor.common.checks;

import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * What one check found.
 *
 * @param outcome passed, failed, skipped or error
 * @param message one line for people: what was expected and what was found
 * @param evidence what the check saw, as data (a status, a certificate's expiry, the records
 *     resolved); {@code null} when it saw nothing
 * @param duration how long the check took
 */
public record CheckResult(CheckOutcome outcome, String message, JsonNode evidence, Duration duration) {

    public CheckResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        duration = duration == null ? Duration.ZERO : duration;
    }

    public static CheckResult passed(String message, JsonNode evidence, Duration duration) {
        return new CheckResult(CheckOutcome.PASSED, message, evidence, duration);
    }

    public static CheckResult failed(String message, JsonNode evidence, Duration duration) {
        return new CheckResult(CheckOutcome.FAILED, message, evidence, duration);
    }

    public static CheckResult error(String message, JsonNode evidence, Duration duration) {
        return new CheckResult(CheckOutcome.ERROR, message, evidence, duration);
    }
}
