package dev.conveyor.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Grafana dashboard of {@code deploy/grafana/dashboards}, as far as Prometheus is concerned:
 * its template variables and the query of every panel, rows' panels included.
 *
 * @param file the file's name, to name the dashboard in messages
 */
record Dashboard(String file, List<Variable> variables, List<MonitoringQuery> queries) {

    /**
     * A template variable.
     *
     * @param type Grafana's type: {@code query} (values from Prometheus), {@code custom} (a
     *     comma-separated list), or another, which the checks do not know
     * @param query what the variable's values come from: {@code label_values(metric, label)}
     *     for a query variable, the list for a custom one
     */
    record Variable(String name, String type, String query) {
    }

    static Dashboard read(Path file) {
        JsonNode root = JsonMapper.builder().build().readTree(file.toFile());
        String name = file.getFileName().toString();
        List<Variable> variables = new ArrayList<>();
        for (JsonNode variable : root.path("templating").path("list")) {
            String type = variable.path("type").asString();
            if (type.equals("datasource")) {
                continue; // chooses the Prometheus, selects no series
            }
            JsonNode query = variable.path("query");
            String definition = variable.path("definition").asString();
            variables.add(new Variable(variable.path("name").asString(), type,
                    !definition.isBlank() ? definition : query.isObject() ? query.path("query").asString() : query.asString()));
        }
        List<MonitoringQuery> queries = new ArrayList<>();
        addPanelQueries(name, root.path("panels"), queries);
        return new Dashboard(name, List.copyOf(variables), List.copyOf(queries));
    }

    /** Every dashboard of a folder, by file name. */
    static List<Dashboard> readAll(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().map(Dashboard::read).toList();
        }
    }

    private static void addPanelQueries(String file, JsonNode panels, List<MonitoringQuery> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                if (!expr.isBlank() && !target.path("hide").asBoolean(false)) {
                    queries.add(new MonitoringQuery("%s, panel \"%s\", query %s".formatted(file,
                            panel.path("title").asString(), target.path("refId").asString()), expr));
                }
            }
            addPanelQueries(file, panel.path("panels"), queries); // a collapsed row keeps its panels inside
        }
    }
}
