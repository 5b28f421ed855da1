package dev.conveyor.common.checks;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How one check of one target came out. */
public enum CheckOutcome {
    /** The target is as the check expects. */
    PASSED,
    /** The target answered, and not as the check expects: a finding. */
    FAILED,
    /** The check did not run (a condition of its control did not hold, or the run was canceled first). */
    SKIPPED,
    /** The check could not tell: the target was unreachable, hung or answered nonsense. */
    ERROR;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CheckOutcome of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
