package dev.conveyor.common.profiles;

import java.util.List;

/**
 * One target over every control.
 *
 * @param name the target
 * @param counts its outcomes over the controls
 * @param checks one per control, in the profile's order
 */
public record TargetReport(String name, Counts counts, List<CheckRecord> checks) {
}
