package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitoringCheckTests {

    private static final Map<String, String> GRAFANA = Map.of("__rate_interval", "30s", "__interval", "5s");

    @TempDir
    Path temp;

    @Test
    void aPanelOnAMisspelledMetricIsReportedByFileTitleAndName() throws IOException {
        Dashboard dashboard = aDashboard(aPanel("Jobs ended/s", "sum by (status) (rate(conveyor_jobz_completed_total[$__rate_interval]))"),
                aPanel("Running", "sum(conveyor_jobs_running)"));

        List<String> problems = check().problems(List.of(dashboard), List.of());

        assertThat(problems).singleElement().asString()
                .contains("test.json, panel \"Jobs ended/s\", query A")
                .contains("no series for conveyor_jobz_completed_total")
                .contains("rate(conveyor_jobz_completed_total[30s])");
    }

    @Test
    void aMisspelledMetricIsFoundEvenWhereTheExpressionAsAWholeAnswers() throws IOException {
        Dashboard dashboard = aDashboard(aPanel("Failed share",
                "(sum(rate(conveyor_jobs_completed_total{status=\"FAILED\"}[5m])) or vector(0)) / sum(rate(conveyor_jobz_completed_total[5m]))"));

        assertThat(check().problems(List.of(dashboard), List.of())).singleElement().asString()
                .contains("no series for conveyor_jobz_completed_total");
    }

    @Test
    void panelsThatFindTheirSeriesPassWithTheValuesOfTheirVariables() throws IOException {
        Dashboard dashboard = aDashboard(List.of(aVariable("queue", "label_values(conveyor_queue_lag, queue)")),
                aPanel("Lag", "max(conveyor_queue_lag{queue=\"$queue\"})"),
                aPanel("Ended/s", "sum by (status) (rate(conveyor_jobs_completed_total{queue=\"${queue}\"}[$__rate_interval]))"));

        assertThat(check().problems(List.of(dashboard), List.of())).isEmpty();
    }

    @Test
    void aVariableWithoutValuesIsReported() throws IOException {
        Dashboard dashboard = aDashboard(List.of(aVariable("queue", "label_values(conveyor_queue_lagg, queue)")),
                aPanel("Lag", "max(conveyor_queue_lag{queue=\"$queue\"})"));

        assertThat(check().problems(List.of(dashboard), List.of())).singleElement().asString()
                .contains("variable $queue: no values").contains("conveyor_queue_lagg");
    }

    @Test
    void anAlertIsCheckedOnWhatItComparesNotOnWhetherItFires() {
        PrometheusRule healthy = anAlert("QueueLag", "max by (queue) (conveyor_queue_lag) > 1000");
        PrometheusRule misspelled = anAlert("DeadLetters", "sum by (queue) (increase(conveyor_dlt_record_total[10m])) > 0");

        List<String> problems = check().problems(List.of(), List.of(healthy, misspelled));

        assertThat(problems).singleElement().asString()
                .contains("alerts.yml, alert DeadLetters").contains("no series for conveyor_dlt_record_total");
    }

    @Test
    void anAlertWhoseComparedSignalHasNoSeriesIsReportedThoughEachMetricHasSome() {
        // The lag has no worker label: matched on it, the ratio is empty and the alert never fires.
        PrometheusRule mismatched = anAlert("LagPerSlot", "conveyor_queue_lag / on (worker) conveyor_jobs_running > 5");
        MonitoringCheck check = new MonitoringCheck(new StoreOf(MAIN_METRICS, "on (worker)"), GRAFANA);

        assertThat(check.problems(List.of(), List.of(mismatched))).singleElement().asString()
                .contains("alerts.yml, alert LagPerSlot")
                .contains("what it compares has no series: conveyor_queue_lag / on (worker) conveyor_jobs_running");
    }

    @Test
    void anExpressionPrometheusRefusesIsReportedWithItsReason() throws IOException {
        Dashboard dashboard = aDashboard(aPanel("Broken", "sum(rate(conveyor_jobs_running[$__rate_intervall]))"));

        assertThat(check().problems(List.of(dashboard), List.of())).singleElement().asString()
                .contains("Prometheus refused it").contains("$__rate_intervall");
    }

    private static final Set<String> MAIN_METRICS = Set.of("conveyor_queue_lag", "conveyor_jobs_running",
            "conveyor_jobs_completed_total", "conveyor_dlt_records_total");

    /** Against a Prometheus that has the contract's main metrics, one series each, in queue "default". */
    private static MonitoringCheck check() {
        return new MonitoringCheck(new StoreOf(MAIN_METRICS, null), GRAFANA);
    }

    /**
     * Answers an expression with one series if every metric it selects is one it knows, with
     * {@code queue="default"}, and with none otherwise; refuses one with a variable left in it, as
     * Prometheus would.
     *
     * @param emptyWhere answer nothing where the expression contains this, or {@code null}
     */
    private record StoreOf(Set<String> metrics, String emptyWhere) implements MonitoringCheck.Prometheus {

        @Override
        public MonitoringCheck.Answer query(String expr) {
            if (expr.contains("$")) {
                return MonitoringCheck.Answer.refused("bad_data: unexpected character: '$'");
            }
            boolean known = PromQl.selectors(expr).stream().allMatch(selector -> metrics.contains(selector.replaceAll("\\{.*", "")))
                    && (emptyWhere == null || !expr.contains(emptyWhere));
            return new MonitoringCheck.Answer(known ? List.of(Map.of("queue", "default")) : List.of(), null);
        }
    }

    private static String aPanel(String title, String expr) {
        return """
                {"type": "timeseries", "title": "%s", "targets": [{"refId": "A", "expr": "%s"}]}"""
                .formatted(title, expr.replace("\"", "\\\""));
    }

    private static String aVariable(String name, String query) {
        return """
                {"name": "%s", "type": "query", "definition": "%s", "query": {"query": "%s"}}""".formatted(name, query, query);
    }

    private Dashboard aDashboard(String... panels) throws IOException {
        return aDashboard(List.of(), panels);
    }

    private Dashboard aDashboard(List<String> variables, String... panels) throws IOException {
        String json = """
                {"title": "Test", "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus"}%s]},
                 "panels": [{"type": "row", "title": "A row", "panels": []}, %s]}"""
                .formatted(variables.stream().map(v -> ", " + v).reduce("", String::concat), String.join(", ", panels));
        return Dashboard.read(Files.writeString(temp.resolve("test.json"), json));
    }

    private static PrometheusRule anAlert(String name, String expr) {
        return new PrometheusRule("alerts.yml", true, name, expr, Map.of("severity", "warning"), Map.of());
    }
}
