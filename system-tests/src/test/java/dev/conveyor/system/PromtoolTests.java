package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Prometheus files of {@code deploy/prometheus} as Prometheus' own tool judges them, and the
 * alerts' unit tests ({@code promtool test rules alerts-tests.yml}). Skipped without promtool,
 * unless {@code CONVEYOR_REQUIRE_PROMETHEUS=1}.
 */
class PromtoolTests {

    private static final Logger log = LoggerFactory.getLogger(PromtoolTests.class);

    @TempDir
    Path temp;

    @Test
    void theScrapeConfigurationForTheLauncherIsValid() throws Exception {
        assertSucceeds(promtool("check", "config", MonitoringFiles.prometheusConfig().toString()));
    }

    /**
     * Debian builds Prometheus without Kubernetes service discovery, and its promtool refuses the
     * {@code kubernetes_sd_configs} block. Such a promtool checks the rest (the relabelling
     * above all) on a copy whose pods come from a file instead; {@link KubernetesScrapeTests}
     * shows what that relabelling does.
     */
    @Test
    void theKubernetesExampleIsValid() throws Exception {
        Result whole = promtool("check", "config", MonitoringFiles.kubernetesConfig().toString());
        if (!whole.output().contains("field kubernetes_sd_configs not found")) {
            assertSucceeds(whole);
            return;
        }
        log.warn("this promtool has no Kubernetes service discovery: checking {} with its pods from a file instead",
                MonitoringFiles.kubernetesConfig());
        Path copy = Files.writeString(temp.resolve("prometheus-kubernetes.json"),
                KubernetesScrapeTests.withPodsFrom(temp.resolve("pods.json")));
        assertSucceeds(promtool("check", "config", copy.toString()));
    }

    @Test
    void theAlertRulesAreValid() throws Exception {
        assertSucceeds(promtool("check", "rules", MonitoringFiles.alerts().toString()));
    }

    @Test
    void theAlertsPassTheirUnitTests() throws Exception {
        assertSucceeds(promtool("test", "rules", MonitoringFiles.alertTests().toString()));
    }

    @Test
    void everyAlertIsTestedFiringAndQuiet() {
        JsonNode tests = YAMLMapper.builder().build().readTree(MonitoringFiles.alertTests().toFile());
        Map<String, Set<String>> cases = new TreeMap<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode evaluation : test.path("alert_rule_test")) {
                cases.computeIfAbsent(evaluation.path("alertname").asString(), name -> new TreeSet<>())
                        .add(evaluation.path("exp_alerts").isEmpty() ? "quiet" : "firing");
            }
        }
        for (PrometheusRule rule : MonitoringFiles.rules()) {
            if (rule.alert()) {
                assertThat(cases.get(rule.name())).as("the unit tests of %s", rule.name())
                        .containsExactly("firing", "quiet");
            }
        }
    }

    private record Result(List<String> command, int exitCode, String output) {
    }

    private static Result promtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PrometheusTools.require("promtool").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
        return new Result(command, process.exitValue(), output);
    }

    private static void assertSucceeds(Result result) {
        assertThat(result.exitCode()).as("%s said:%n%s", String.join(" ", result.command()), result.output()).isZero();
    }
}
