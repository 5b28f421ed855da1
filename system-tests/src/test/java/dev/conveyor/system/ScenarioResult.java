package dev.conveyor.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * What a scenario measured: the rows of the suite's table, every figure for the JSON, and its charts.
 *
 * @param figures everything measured, for {@code suite.json}
 * @param charts each chart by the file name it is written to, without {@code .png}
 */
record ScenarioResult(String scenario, List<Row> rows, Map<String, Object> figures, Map<String, Chart<?, ?>> charts) {

    ScenarioResult(String scenario) {
        this(scenario, new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    static ScenarioResult skipped(String scenario, String why) {
        ScenarioResult result = new ScenarioResult(scenario);
        result.figures().put("skipped", why);
        result.row("skipped", why, "", "", "");
        return result;
    }

    ScenarioResult row(String figure, String value, String baseline, String ratio, String goal) {
        rows.add(new Row(scenario, figure, value, baseline, ratio, goal));
        return this;
    }

    /** A double as a number of the figures, rounded to two decimals. */
    ScenarioResult put(String key, Object value) {
        figures.put(key, value instanceof Double d ? Bench.round(d) : value);
        return this;
    }

    /** One line of the suite's table. */
    record Row(String scenario, String figure, String value, String baseline, String ratio, String goal) {
    }
}
