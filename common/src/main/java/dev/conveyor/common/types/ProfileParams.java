package dev.conveyor.common.types;

import dev.conveyor.common.profiles.Inventory;
import dev.conveyor.common.profiles.Profile;
import dev.conveyor.common.profiles.Control;
import dev.conveyor.common.profiles.ProfilePlan;
import dev.conveyor.common.profiles.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code profile}: runs every control of a profile on every target of an inventory.
 *
 * @param profile the profile, whole (the gateway puts in the version it stores)
 * @param inventory the targets
 * @param concurrency how many checks of this job run at once (default 16, at most 1000)
 * @param checkTimeout how long one check may take on one target, unless its control says
 *     (default 10 seconds, at most 10 minutes); a check past it is {@code error}
 * @param only when set, only these controls (by id) run, on these targets (by name): what a
 *     relaunch of the failed checks runs again; absent, every control runs on every target
 */
public record ProfileParams(Profile profile, Inventory inventory, Integer concurrency, Duration checkTimeout,
        Map<String, List<String>> only) implements JobParams {

    static final int MAX_CONCURRENCY = 1000;
    static final Duration MAX_CHECK_TIMEOUT = Duration.ofMinutes(10);
    /**
     * The most checks (controls times targets) one profile job plans and runs. Planning binds a
     * check's params for every pair, so the pairs are counted before any is planned.
     */
    public static final int MAX_CHECKS = 100_000;

    public ProfileParams {
        concurrency = concurrency == null ? 16 : concurrency;
        checkTimeout = checkTimeout == null ? Duration.ofSeconds(10) : checkTimeout;
    }

    @Override
    public List<Violation> validate() {
        List<Violation> violations = new ArrayList<>();
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            violations.add(new Violation("/concurrency", "must be between 1 and " + MAX_CONCURRENCY));
        }
        if (checkTimeout.isNegative() || checkTimeout.isZero() || checkTimeout.compareTo(MAX_CHECK_TIMEOUT) > 0) {
            violations.add(new Violation("/checkTimeout", "must be positive and at most " + MAX_CHECK_TIMEOUT));
        }
        if (profile == null) {
            violations.add(new Violation("/profile", "is required"));
        } else {
            profile.problems().forEach(v -> violations.add(new Violation("/profile" + v.pointer(), v.message())));
        }
        if (inventory == null) {
            violations.add(new Violation("/inventory", "is required: {targets: [...]} or {groups: {...}}"));
        } else {
            inventory.problems().forEach(v -> violations.add(new Violation("/inventory" + v.pointer(), v.message())));
        }
        if (violations.isEmpty()) {
            long checks = (long) profile.controls().size() * inventory.expand().size();
            if (checks > MAX_CHECKS) {
                violations.add(new Violation("/inventory", profile.controls().size() + " controls on "
                        + inventory.expand().size() + " targets make " + checks + " checks; at most " + MAX_CHECKS
                        + " per job: split the inventory or the profile"));
            }
        }
        if (violations.isEmpty() && only != null) {
            Set<String> targets = inventory.expand().stream().map(Target::name).collect(Collectors.toSet());
            Set<String> controls = profile.controls().stream().map(Control::id).collect(Collectors.toSet());
            only.forEach((target, ids) -> {
                if (!targets.contains(target)) {
                    violations.add(new Violation("/only/" + target, "names no target of the inventory"));
                } else if (ids == null || !controls.containsAll(ids)) {
                    violations.add(new Violation("/only/" + target, "must list controls of the profile"));
                }
            });
        }
        if (violations.isEmpty()) {
            violations.addAll(ProfilePlan.problems(profile, inventory.expand(), "/profile"));
        }
        return violations;
    }

    /** Whether control {@code controlId} runs on target {@code target} in this job. */
    public boolean runs(String target, String controlId) {
        return only == null || only.getOrDefault(target, List.of()).contains(controlId);
    }
}
