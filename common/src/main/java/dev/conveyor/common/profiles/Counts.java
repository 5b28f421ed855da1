package dev.conveyor.common.profiles;

import dev.conveyor.common.checks.CheckOutcome;
import java.util.Collection;

/**
 * How many checks came out how.
 *
 * @param passed as expected
 * @param failed findings
 * @param skipped not run
 * @param error could not tell
 */
public record Counts(int passed, int failed, int skipped, int error) {

    public static Counts of(Collection<CheckOutcome> outcomes) {
        int[] n = new int[CheckOutcome.values().length];
        outcomes.forEach(outcome -> n[outcome.ordinal()]++);
        return new Counts(n[CheckOutcome.PASSED.ordinal()], n[CheckOutcome.FAILED.ordinal()],
                n[CheckOutcome.SKIPPED.ordinal()], n[CheckOutcome.ERROR.ordinal()]);
    }

    public int total() {
        return passed + failed + skipped + error;
    }

    /**
     * The compliance score: the share of checks that passed among those that told something or
     * should have (skipped ones do not count), in percent with one decimal; {@code null} when none.
     */
    public Double score() {
        int counted = passed + failed + error;
        return counted == 0 ? null : Math.round(passed * 1000.0 / counted) / 10.0;
    }
}
