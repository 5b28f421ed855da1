package dev.conveyor.common.profiles;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.checks.CheckResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The result of a profile job: every check, rolled up per target and per control, with the
 * totals and the compliance score. Reports in JSON, JUnit XML and HTML are drawn from it.
 *
 * @param profile the profile's id
 * @param profileVersion the version that ran
 * @param title the profile's title
 * @param summary every check's outcome, counted
 * @param score the share of checks that passed, in percent ({@link Counts#score()})
 * @param controls per control, in the profile's order
 * @param targets per target, in the inventory's order
 */
public record ProfileReport(String profile, Long profileVersion, String title, Counts summary, Double score,
        List<ControlSummary> controls, List<TargetReport> targets) {

    /**
     * Rolls up what the checks found.
     *
     * @param results by target name, then by control id
     * @param runs which controls ran on which target; one that should have and has no result is
     *     reported skipped, one that should not is left out
     */
    public static ProfileReport of(Profile profile, List<Target> targets, Map<String, Map<String, CheckResult>> results,
            BiPredicate<String, String> runs) {
        List<TargetReport> byTarget = new ArrayList<>();
        Map<String, List<CheckOutcome>> perControl = new LinkedHashMap<>();
        profile.controls().forEach(control -> perControl.put(control.id(), new ArrayList<>()));
        for (Target target : targets) {
            Map<String, CheckResult> found = results.getOrDefault(target.name(), Map.of());
            List<CheckRecord> checks = profile.controls().stream()
                    .filter(control -> runs.test(target.name(), control.id()))
                    .map(control -> record(control, found.get(control.id()))).toList();
            if (checks.isEmpty()) {
                continue;
            }
            checks.forEach(check -> perControl.get(check.control()).add(check.outcome()));
            byTarget.add(new TargetReport(target.name(), Counts.of(checks.stream().map(CheckRecord::outcome).toList()),
                    checks));
        }
        List<ControlSummary> byControl = profile.controls().stream()
                .map(c -> new ControlSummary(c.id(), c.title(), c.severity(), c.tags(), Counts.of(perControl.get(c.id()))))
                .toList();
        Counts summary = Counts.of(perControl.values().stream().flatMap(List::stream).toList());
        return new ProfileReport(profile.id(), profile.version(), profile.title(), summary, summary.score(), byControl,
                byTarget);
    }

    /** Every control that failed or could not tell, by target: what a relaunch of the failed checks runs. */
    public Map<String, List<String>> failedChecks() {
        Map<String, List<String>> failed = new LinkedHashMap<>();
        for (TargetReport target : targets) {
            List<String> controls = target.checks().stream()
                    .filter(c -> c.outcome() == CheckOutcome.FAILED || c.outcome() == CheckOutcome.ERROR)
                    .map(CheckRecord::control).toList();
            if (!controls.isEmpty()) {
                failed.put(target.name(), controls);
            }
        }
        return failed;
    }

    private static CheckRecord record(Control control, CheckResult result) {
        if (result == null) {
            return new CheckRecord(control.id(), CheckOutcome.SKIPPED, "not run", null, 0);
        }
        return new CheckRecord(control.id(), result.outcome(), result.message(), result.evidence(),
                result.duration().toMillis());
    }
}
