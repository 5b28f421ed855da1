package dev.conveyor.common.types;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sleep}: waits, holding no thread, then succeeds; stands in for an I/O-bound job.
 *
 * @param duration how long to wait, as ISO-8601 ({@code PT0.5S}); at most {@link #MAX}
 */
public record SleepParams(Duration duration) implements JobParams {

    static final Duration MAX = Duration.ofDays(1);

    @Override
    public List<Violation> validate() {
        List<Violation> violations = new ArrayList<>();
        if (duration == null) {
            violations.add(new Violation("/duration", "is required, e.g. \"PT0.5S\""));
        } else if (duration.isNegative() || duration.compareTo(MAX) > 0) {
            violations.add(new Violation("/duration", "must be between PT0S and " + MAX));
        }
        return violations;
    }
}
