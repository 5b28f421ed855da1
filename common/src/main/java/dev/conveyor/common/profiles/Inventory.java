package dev.conveyor.common.profiles;

import dev.conveyor.common.types.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a profile runs over: targets on their own, and groups of targets that share variables.
 *
 * @param targets targets on their own
 * @param groups groups by name, in the order written
 */
public record Inventory(List<Target> targets, Map<String, TargetGroup> groups) {

    /** The most targets one profile job runs over; more is for several jobs. */
    public static final int MAX_TARGETS = 10_000;

    public Inventory {
        targets = targets == null ? List.of() : List.copyOf(targets);
        groups = groups == null ? Map.of() : new LinkedHashMap<>(groups);
    }

    /** Every target, each with its group's variables under its own, in the order written. */
    public List<Target> expand() {
        List<Target> all = new ArrayList<>(targets);
        groups.values().forEach(group -> group.targets().forEach(target -> {
            Map<String, String> vars = new HashMap<>(group.vars());
            vars.putAll(target.vars());
            all.add(new Target(target.name(), vars));
        }));
        return all;
    }

    /** What is wrong with this inventory, as pointers into it; empty when nothing is. */
    public List<Violation> problems() {
        List<Violation> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            check(targets.get(i), "/targets/" + i, seen, problems);
        }
        groups.forEach((name, group) -> {
            for (int i = 0; i < group.targets().size(); i++) {
                check(group.targets().get(i), "/groups/" + name + "/targets/" + i, seen, problems);
            }
        });
        if (seen.isEmpty() && problems.isEmpty()) {
            problems.add(new Violation("", "must name at least one target, in targets or in a group"));
        } else if (seen.size() > MAX_TARGETS) {
            problems.add(new Violation("", "names " + seen.size() + " targets; at most " + MAX_TARGETS
                    + " per job: split the inventory"));
        }
        return problems;
    }

    private static void check(Target target, String at, Set<String> seen, List<Violation> problems) {
        if (target == null || target.name() == null || target.name().isBlank()) {
            problems.add(new Violation(at, "must name a target"));
        } else if (!seen.add(target.name())) {
            problems.add(new Violation(at, "'" + target.name() + "' is named twice: a target is checked once per job"));
        }
    }
}
