package dev.conveyor.system;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Evaluates every expression of the dashboards and rule files against a Prometheus and names each
 * one that finds nothing, so that a panel or an alert built on a metric the apps do not expose (a
 * misspelled name, a label that is not there) fails a test instead of showing "No data" or never
 * firing.
 *
 * <p>Each expression must be one Prometheus accepts, and each of its metric selectors must select
 * series. Beyond that, a panel's expression must answer with series itself. An alert's must not:
 * on a healthy system {@code lag > 1000} is empty by design. What it compares is checked instead
 * ({@link PromQl#signals}): {@code lag} must answer. Offsets are dropped there, since a store a
 * test fills holds minutes, not days. A recording rule's expression must answer, like a panel's.
 *
 * <p>Dashboard variables get real values first: each {@code label_values(metric, label)} is asked
 * of Prometheus, and a panel passes if it finds its series for some combination of the values.
 */
final class MonitoringCheck {

    /** Prometheus' instant queries. */
    interface Prometheus {

        Answer query(String expr);
    }

    /**
     * What a query found: the label sets of its series, or why Prometheus refused it.
     *
     * @param error {@code null} unless Prometheus refused the query
     */
    record Answer(List<Map<String, String>> series, String error) {

        static Answer refused(String error) {
            return new Answer(List.of(), error);
        }
    }

    /** The most values of one variable tried, so that a label with many values costs few queries. */
    private static final int MAX_VALUES = 5;
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)",
            Pattern.DOTALL);
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\{([A-Za-z_]\\w*)(?::[^}]*)?}|\\[\\[([A-Za-z_]\\w*)(?::[^]]*)?]]|\\$([A-Za-z_]\\w*)");

    private final Prometheus prometheus;
    private final Map<String, String> grafanaVariables;
    private final Map<String, Answer> answers = new HashMap<>();

    /**
     * @param grafanaVariables values for the variables Grafana itself sets, such as
     *     {@code __rate_interval}, chosen to suit the store's scrape interval
     */
    MonitoringCheck(Prometheus prometheus, Map<String, String> grafanaVariables) {
        this.prometheus = prometheus;
        this.grafanaVariables = Map.copyOf(grafanaVariables);
    }

    /** One line per expression that finds nothing, naming where it is, what is missing and the expression. */
    List<String> problems(List<Dashboard> dashboards, List<PrometheusRule> rules) {
        answers.clear();
        List<String> problems = new ArrayList<>();
        dashboards.forEach(dashboard -> problems.addAll(problems(dashboard)));
        for (PrometheusRule rule : rules) {
            List<String> missing = missing(rule.expr(), !rule.alert());
            if (rule.alert() && missing.isEmpty()) {
                for (String signal : PromQl.signals(rule.expr())) {
                    String withoutOffsets = PromQl.withoutOffsets(signal);
                    if (answer(withoutOffsets).series().isEmpty()) {
                        missing.add("what it compares has no series: " + withoutOffsets);
                    }
                }
            }
            if (!missing.isEmpty()) {
                problems.add(message(rule.query(), Map.of(), missing));
            }
        }
        return problems;
    }

    private List<String> problems(Dashboard dashboard) {
        List<Map<String, String>> assignments = List.of(Map.of());
        for (Dashboard.Variable variable : dashboard.variables()) {
            List<Map<String, String>> extended = new ArrayList<>();
            String refused = null;
            for (Map<String, String> assignment : assignments) {
                List<String> values;
                try {
                    values = values(variable, assignment);
                } catch (IllegalArgumentException e) {
                    refused = e.getMessage();
                    continue;
                }
                for (String value : values) {
                    Map<String, String> more = new LinkedHashMap<>(assignment);
                    more.put(variable.name(), value);
                    extended.add(more);
                }
            }
            if (extended.isEmpty()) {
                return List.of("%s, variable $%s: %s\n    %s".formatted(dashboard.file(), variable.name(),
                        refused != null ? refused : "no values", variable.query()));
            }
            assignments = extended;
        }
        List<String> problems = new ArrayList<>();
        for (MonitoringQuery query : dashboard.queries()) {
            List<String> fewest = null;
            Map<String, String> fewestWith = Map.of();
            for (Map<String, String> assignment : assignments) {
                List<String> missing = missing(substitute(query.expr(), assignment), true);
                if (fewest == null || missing.size() < fewest.size()) {
                    fewest = missing;
                    fewestWith = assignment;
                }
                if (missing.isEmpty()) {
                    break;
                }
            }
            if (!Objects.requireNonNull(fewest).isEmpty()) {
                problems.add(message(new MonitoringQuery(query.where(), substitute(query.expr(), fewestWith)),
                        fewestWith, fewest));
            }
        }
        return problems;
    }

    /** What the expression lacks: Prometheus' refusal, the selectors without series, an empty answer if it must have one. */
    private List<String> missing(String expr, boolean mustAnswer) {
        Answer whole = answer(expr);
        if (whole.error() != null) {
            return new ArrayList<>(List.of("Prometheus refused it: " + whole.error()));
        }
        List<String> missing = new ArrayList<>();
        for (String selector : PromQl.selectors(expr)) {
            Answer selected = answer("count(" + selector + ")");
            if (selected.error() != null || selected.series().isEmpty()) {
                missing.add("no series for " + selector);
            }
        }
        if (missing.isEmpty() && mustAnswer && whole.series().isEmpty()) {
            missing.add("it has no series (though each metric in it has)");
        }
        return missing;
    }

    private List<String> values(Dashboard.Variable variable, Map<String, String> assignment) {
        String query = substitute(variable.query(), assignment);
        return switch (variable.type()) {
            case "custom" -> Stream.of(query.split(",")).map(String::strip).filter(v -> !v.isEmpty()).limit(MAX_VALUES)
                    .toList();
            case "query" -> {
                Matcher labelValues = LABEL_VALUES.matcher(query.strip());
                if (!labelValues.matches()) {
                    throw new IllegalArgumentException("the checks know only label_values(metric, label) queries");
                }
                String label = labelValues.group(2);
                Answer answer = answer("count by (" + label + ") (" + labelValues.group(1) + ")");
                if (answer.error() != null) {
                    throw new IllegalArgumentException("Prometheus refused it: " + answer.error());
                }
                yield answer.series().stream().map(series -> series.getOrDefault(label, "")).filter(v -> !v.isEmpty())
                        .distinct().sorted().limit(MAX_VALUES).toList();
            }
            default -> throw new IllegalArgumentException("the checks do not know variables of type " + variable.type());
        };
    }

    /** Replaces {@code $name}, {@code ${name}} and {@code [[name]]}; names it knows nothing of stay as they are. */
    private String substitute(String expr, Map<String, String> assignment) {
        return VARIABLE.matcher(expr).replaceAll(match -> {
            String name = match.group(1) != null ? match.group(1) : match.group(2) != null ? match.group(2) : match.group(3);
            String value = assignment.getOrDefault(name, grafanaVariables.get(name));
            return Matcher.quoteReplacement(value != null ? value : match.group());
        });
    }

    private Answer answer(String expr) {
        return answers.computeIfAbsent(expr, prometheus::query);
    }

    private static String message(MonitoringQuery query, Map<String, String> with, List<String> missing) {
        String values = with.isEmpty() ? ""
                : with.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", " (with ", ")"));
        return "%s%s: %s\n    %s".formatted(query.where(), values, String.join("; ", missing), query.expr().strip());
    }
}
