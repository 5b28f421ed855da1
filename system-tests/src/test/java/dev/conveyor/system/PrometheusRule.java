package dev.conveyor.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * An alerting or recording rule of a Prometheus rule file ({@code deploy/prometheus/alerts.yml}).
 *
 * @param name the alert's name, or the series a recording rule records
 */
record PrometheusRule(String file, boolean alert, String name, String expr, Map<String, String> labels,
        Map<String, String> annotations) {

    static List<PrometheusRule> read(Path file) {
        JsonNode root = YAMLMapper.builder().build().readTree(file.toFile());
        List<PrometheusRule> rules = new ArrayList<>();
        for (JsonNode group : root.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                boolean alert = rule.has("alert");
                rules.add(new PrometheusRule(file.getFileName().toString(), alert,
                        rule.path(alert ? "alert" : "record").asString(), rule.path("expr").asString(),
                        strings(rule.path("labels")), strings(rule.path("annotations"))));
            }
        }
        return List.copyOf(rules);
    }

    MonitoringQuery query() {
        return new MonitoringQuery("%s, %s %s".formatted(file, alert ? "alert" : "recording rule", name), expr);
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> strings = new LinkedHashMap<>();
        map.properties().forEach(entry -> strings.put(entry.getKey(), entry.getValue().asString()));
        return strings;
    }
}
