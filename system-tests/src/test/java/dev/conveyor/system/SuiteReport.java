package dev.conveyor.system;

import dev.conveyor.common.json.ConveyorJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes what a suite measured to {@code <results>/<time>/}: {@code suite.json} (every scenario's
 * figures, the machine, the options), {@code table.md} (the table it also prints) and a PNG per chart.
 */
final class SuiteReport {

    private static final Logger log = LoggerFactory.getLogger(SuiteReport.class);
    private static final List<String> HEADER = List.of("scenario", "figure", "value", "baseline", "ratio", "goal");

    private SuiteReport() {
    }

    /** Writes everything and returns the folder. */
    static Path write(BenchOptions options, Machine machine, List<ScenarioResult> results, double suiteSeconds)
            throws IOException {
        Path dir = options.resultsRoot().resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        Map<String, Object> scenarios = new LinkedHashMap<>();
        for (ScenarioResult result : results) {
            Map<String, Object> scenario = new LinkedHashMap<>();
            scenario.put("figures", result.figures());
            scenario.put("table", result.rows());
            scenario.put("charts", result.charts().keySet().stream().map(name -> name + ".png").toList());
            scenarios.put(result.scenario(), scenario);
            for (var chart : result.charts().entrySet()) {
                BitmapEncoder.saveBitmap(chart.getValue(), dir.resolve(chart.getKey() + ".png").toString(),
                        BitmapEncoder.BitmapFormat.PNG);
            }
        }
        ObjectNode json = ConveyorJson.mapper().createObjectNode();
        json.set("machine", ConveyorJson.mapper().valueToTree(machine));
        json.set("options", ConveyorJson.mapper().valueToTree(Map.of("quick", options.quick(),
                "scenarios", options.scenarios(), "external", options.external(), "jobs", options.jobs(),
                "rates", options.rates(), "apiRates", options.apiRates(),
                "rateSeconds", options.rateDuration().toSeconds(), "workers", options.workers(),
                "recordBytes", options.recordBytes())));
        json.put("suiteSeconds", Bench.round(suiteSeconds));
        json.set("scenarios", ConveyorJson.mapper().valueToTree(scenarios));
        Files.writeString(dir.resolve("suite.json"),
                ConveyorJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        String table = "Machine: " + machine.oneLine() + "\n\n" + table(results);
        Files.writeString(dir.resolve("table.md"), table);
        // The one place the benchmarks print: the table is what the command is for.
        System.out.println("\n" + table);
        log.info("suite of {} s written to {}", Bench.round(suiteSeconds), dir);
        return dir;
    }

    /** A Markdown table, its columns padded so that it also reads as plain text. */
    static String table(List<ScenarioResult> results) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADER);
        for (ScenarioResult result : results) {
            for (ScenarioResult.Row row : result.rows()) {
                lines.add(List.of(row.scenario(), row.figure(), row.value(), row.baseline(), row.ratio(), row.goal()));
            }
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < lines.size(); l++) {
            out.append(format(lines.get(l), widths));
            if (l == 0) {
                List<String> rule = new ArrayList<>();
                for (int width : widths) {
                    rule.add("-".repeat(width));
                }
                out.append(format(rule, widths));
            }
        }
        return out.toString();
    }

    private static String format(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            line.append(' ').append(String.format("%-" + widths[i] + "s", cells.get(i))).append(" |");
        }
        return line.append('\n').toString();
    }
}
