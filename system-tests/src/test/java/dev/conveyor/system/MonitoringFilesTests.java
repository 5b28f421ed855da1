package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboards and alerts of {@code deploy/} against docs/monitoring.md and each other, without
 * a Prometheus: the metrics they use are the documented ones, and each alert and dashboard is
 * complete. Whether those metrics exist is {@link MonitoringTests}' business.
 */
class MonitoringFilesTests {

    /** Families the apps get from Spring Boot, Micrometer and Prometheus itself, as docs/monitoring.md says. */
    private static final Pattern STANDARD = Pattern.compile(
            "up|http_server_requests_seconds_(bucket|count|sum|max)|(jvm|process|kafka_consumer|kafka_producer)_\\w+");
    private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(conveyor_\\w+)` \\|", Pattern.MULTILINE);
    private static final Pattern METRIC_NAME = Pattern.compile("^[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");

    @Test
    void everyMetricTheDashboardsAndAlertsUseIsADocumentedOne() throws IOException {
        String docs = Files.readString(docs());
        Set<String> documented = new TreeSet<>();
        DOCUMENTED.matcher(docs).results().forEach(match -> documented.add(match.group(1)));
        assertThat(documented).as("metrics listed in docs/monitoring.md").hasSizeGreaterThanOrEqualTo(11);

        List<String> undocumented = new ArrayList<>();
        for (MonitoringQuery query : allQueries()) {
            for (String selector : PromQl.selectors(query.expr())) {
                Matcher name = METRIC_NAME.matcher(selector);
                assertThat(name.find()).as("%s selects by name: %s", query.where(), selector).isTrue();
                String metric = name.group();
                String family = metric.replaceFirst("_(bucket|count|sum)$", "");
                if (!documented.contains(metric) && !documented.contains(family) && !STANDARD.matcher(metric).matches()) {
                    undocumented.add(query.where() + ": " + metric);
                }
            }
        }
        assertThat(undocumented).as("metrics docs/monitoring.md does not list").isEmpty();
    }

    @Test
    void everyAlertHasItsSeverityAndAnnotationsAndIsDescribed() throws IOException {
        String docs = Files.readString(docs());
        List<PrometheusRule> alerts = MonitoringFiles.rules().stream().filter(PrometheusRule::alert).toList();
        assertThat(alerts).extracting(PrometheusRule::name).contains("ConveyorQueueLagGrowing", "ConveyorNoLiveWorkers",
                "ConveyorJobFailureRatioHigh", "ConveyorDeadLetters", "ConveyorJobDurationP99OverSlo",
                "ConveyorGatewayDown", "ConveyorWorkerDown", "ConveyorJobsRepaired");
        for (PrometheusRule alert : alerts) {
            assertThat(alert.labels().get("severity")).as("%s's severity", alert.name()).isIn("critical", "warning");
            for (String annotation : List.of("summary", "description", "runbook")) {
                assertThat(alert.annotations().get(annotation)).as("%s's %s", alert.name(), annotation).isNotBlank();
            }
            assertThat(docs).as("docs/monitoring.md").contains("`" + alert.name() + "`");
        }
    }

    @Test
    void everyPanelTakesItsDataSourceFromTheVariableAndEveryVariableItUsesIsDefined() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        Set<String> uids = new TreeSet<>();
        try (Stream<Path> files = Files.list(LocalPorts.projectRoot().resolve("deploy/grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = json.readTree(file.toFile());
                assertThat(uids.add(dashboard.path("uid").asString())).as("%s's uid is its own", file).isTrue();
                assertThat(dashboard.path("uid").asString()).as("%s's uid", file).startsWith("conveyor-");
                assertThat(Files.readString(docs())).as("docs/monitoring.md names " + file.getFileName())
                        .contains(dashboard.path("title").asString());
                assertDataSources(file.getFileName().toString(), dashboard.path("panels"));
            }
        }
        for (Dashboard dashboard : MonitoringFiles.dashboards()) {
            Set<String> defined = new TreeSet<>(Set.of("__rate_interval", "__interval", "__range"));
            dashboard.variables().forEach(variable -> defined.add(variable.name()));
            for (MonitoringQuery query : dashboard.queries()) {
                VARIABLE.matcher(query.expr()).results().map(match -> match.group(1))
                        .forEach(name -> assertThat(defined).as("%s uses $%s", query.where(), name).contains(name));
            }
        }
    }

    private static void assertDataSources(String file, JsonNode panels) {
        for (JsonNode panel : panels) {
            if (!panel.path("type").asString().equals("row")) {
                assertThat(panel.path("datasource").path("uid").asString())
                        .as("%s, panel \"%s\": data source", file, panel.path("title").asString()).isEqualTo("${datasource}");
            }
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asString())
                        .as("%s, panel \"%s\": a query's data source", file, panel.path("title").asString())
                        .isEqualTo("${datasource}");
            }
            assertDataSources(file, panel.path("panels"));
        }
    }

    private static List<MonitoringQuery> allQueries() throws IOException {
        List<MonitoringQuery> queries = new ArrayList<>();
        MonitoringFiles.dashboards().forEach(dashboard -> queries.addAll(dashboard.queries()));
        MonitoringFiles.rules().forEach(rule -> queries.add(rule.query()));
        return queries;
    }

    private static Path docs() {
        return LocalPorts.projectRoot().resolve("docs/monitoring.md");
    }
}
