package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.json.ConveyorJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The quick benchmark suite runs end to end, so that the harness cannot rot: its figures are
 * printed, never asserted on, since the machine running the tests is shared and noisy.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class BenchSuiteTests {

    @TempDir
    private Path results;

    @Test
    void theQuickSuiteWritesEveryScenarioTheTableAndTheCharts() throws Exception {
        Path dir = BenchSuite.run(BenchOptions.parse(new String[] {"--quick", "--results-dir=" + results},
                LocalPorts.projectRoot()));

        JsonNode suite = ConveyorJson.mapper().readTree(Files.readString(dir.resolve("suite.json")));
        List<String> scenarios = new ArrayList<>();
        suite.get("scenarios").propertyNames().forEach(scenarios::add);
        assertThat(scenarios).containsExactlyElementsOf(BenchOptions.DEFAULT_SCENARIOS);
        for (String scenario : scenarios) {
            assertThat(suite.get("scenarios").get(scenario).get("figures").has("skipped"))
                    .as("%s ran: %s", scenario, suite.get("scenarios").get(scenario).get("figures").get("skipped"))
                    .isFalse();
        }
        assertThat(suite.get("machine").get("cores").asInt()).isPositive();
        assertThat(Files.readString(dir.resolve("table.md"))).contains("| scenario", "throughput", "latency");
        assertThat(dir.resolve("latency-vs-rate.png")).isNotEmptyFile();
        assertThat(dir.resolve("scale.png")).isNotEmptyFile();
        assertThat(dir.resolve("throughput-vs-baseline.png")).isNotEmptyFile();
    }
}
