package dev.conveyor.common.profiles;

import java.util.List;
import java.util.Map;

/**
 * Targets that share variables.
 *
 * @param vars what {@code ${name}} becomes for each of its targets, unless a target sets it too
 * @param targets its targets
 */
public record TargetGroup(Map<String, String> vars, List<Target> targets) {

    public TargetGroup {
        vars = vars == null ? Map.of() : Map.copyOf(vars);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
