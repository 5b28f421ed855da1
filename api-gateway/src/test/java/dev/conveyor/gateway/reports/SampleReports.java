package dev.conveyor.gateway.reports;

import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.profiles.CheckSpec;
import dev.conveyor.common.profiles.Control;
import dev.conveyor.common.profiles.Profile;
import dev.conveyor.common.profiles.ProfileReport;
import dev.conveyor.common.profiles.Severity;
import dev.conveyor.common.profiles.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small report with every outcome in it, and a message a careless writer would break on. */
final class SampleReports {

    static final String AWKWARD = "answered <500> & said \"no\" ]]> \u00e9";

    private SampleReports() {
    }

    static ProfileReport mixed() {
        CheckSpec http = new CheckSpec("http", ConveyorJson.mapper().readTree("{\"url\": \"http://${target}/\"}"), null);
        Profile profile = new Profile("web", 3L, "Web basics", null, List.of(
                new Control("home", "Home answers", Severity.HIGH, List.of("web"), http),
                new Control("tls", "Certificate valid", Severity.CRITICAL, List.of("tls"), http),
                new Control("docs", "Docs answer", Severity.LOW, List.of(), http)));
        List<Target> targets = List.of(Target.of("a.example"), Target.of("b.example"));
        Map<String, Map<String, CheckResult>> results = Map.of(
                "a.example", Map.of(
                        "home", CheckResult.passed("answered 200", null, Duration.ofMillis(12)),
                        "tls", CheckResult.passed("valid for 80 days", null, Duration.ofMillis(30)),
                        "docs", CheckResult.passed("answered 200", null, Duration.ofMillis(9))),
                "b.example", Map.of(
                        "home", CheckResult.failed(AWKWARD, ConveyorJson.mapper().readTree("{\"status\": 500}"),
                                Duration.ofMillis(1500)),
                        "tls", CheckResult.error("connection refused", null, Duration.ofMillis(2))));
        return ProfileReport.of(profile, targets, results, (target, control) -> true);
    }
}
