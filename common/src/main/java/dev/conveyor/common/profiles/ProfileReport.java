package dev.conveyor.common.profiles;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.checks.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
     * @param results by target name, then by control id; a check missing there is reported skipped
     */
    public static ProfileReport of(Profile profile, List<Target> targets, Map<String, Map<String, CheckResult>> results) {
        List<TargetReport> byTarget = new ArrayList<>();
        List<CheckOutcome> all = new ArrayList<>();
        for (Target target : targets) {
            Map<String, CheckResult> found = results.getOrDefault(target.name(), Map.of());
            List<CheckRecord> checks = profile.controls().stream().map(control -> record(control, found.get(control.id())))
                    .toList();
            List<CheckOutcome> outcomes = checks.stream().map(CheckRecord::outcome).toList();
            all.addAll(outcomes);
            byTarget.add(new TargetReport(target.name(), Counts.of(outcomes), checks));
        }
        List<ControlSummary> byControl = new ArrayList<>();
        for (int i = 0; i < profile.controls().size(); i++) {
            Control control = profile.controls().get(i);
            int index = i;
            Counts counts = Counts.of(byTarget.stream().map(t -> t.checks().get(index).outcome()).toList());
            byControl.add(new ControlSummary(control.id(), control.title(), control.severity(), control.tags(), counts));
        }
        Counts summary = Counts.of(all);
        return new ProfileReport(profile.id(), profile.version(), profile.title(), summary, summary.score(), byControl,
                byTarget);
    }

    private static CheckRecord record(Control control, CheckResult result) {
        if (result == null) {
            return new CheckRecord(control.id(), CheckOutcome.SKIPPED, "not run", null, 0);
        }
        return new CheckRecord(control.id(), result.outcome(), result.message(), result.evidence(),
                result.duration().toMillis());
    }
}
