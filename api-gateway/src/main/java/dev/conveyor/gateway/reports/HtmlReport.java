package dev.conveyor.gateway.reports;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.profiles.CheckRecord;
import dev.conveyor.common.profiles.ControlSummary;
import dev.conveyor.common.profiles.ProfileReport;
import dev.conveyor.common.profiles.Severity;
import dev.conveyor.common.profiles.TargetReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * A profile report as one self-contained HTML page for people: the summary first, then the
 * findings (failures and errors, the most severe first, filterable), then controls and targets.
 */
@Component
class HtmlReport {

    private final TemplateEngine engine = new TemplateEngine();

    HtmlReport() {
        ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver();
        templates.setPrefix("reports/");
        templates.setSuffix(".html");
        templates.setTemplateMode(TemplateMode.HTML);
        templates.setCharacterEncoding("UTF-8");
        engine.setTemplateResolver(templates);
    }

    String of(ProfileReport report, String jobId, Instant finishedAt) {
        Context context = new Context();
        // The template reads plain maps: its expression language does not know record accessors.
        context.setVariable("report", ConveyorJson.mapper().convertValue(report, Map.class));
        context.setVariable("jobId", jobId);
        context.setVariable("finishedAt", finishedAt == null ? "" : finishedAt.toString());
        context.setVariable("findings", ConveyorJson.mapper().convertValue(findings(report), List.class));
        return engine.process("profile-report", context);
    }

    /** One finding per check that failed or could not tell, the most severe control first. */
    private static List<Finding> findings(ProfileReport report) {
        Map<String, ControlSummary> controls = report.controls().stream()
                .collect(Collectors.toMap(ControlSummary::id, Function.identity()));
        List<Finding> findings = new ArrayList<>();
        for (TargetReport target : report.targets()) {
            for (CheckRecord check : target.checks()) {
                if (check.outcome() == CheckOutcome.FAILED || check.outcome() == CheckOutcome.ERROR) {
                    ControlSummary control = controls.get(check.control());
                    findings.add(new Finding(control.severity(), check.control(), control.title(), target.name(),
                            check.outcome().json(), check.message()));
                }
            }
        }
        findings.sort(Comparator.comparing(Finding::severityRank).reversed()
                .thenComparing(Finding::outcome, Comparator.reverseOrder()));
        return findings;
    }

    /** A row of the findings table. */
    record Finding(Severity severity, String control, String title, String target, String outcome, String message) {

        int severityRank() {
            return severity.ordinal();
        }
    }
}
