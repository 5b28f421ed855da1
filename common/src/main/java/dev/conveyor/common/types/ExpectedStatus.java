package dev.conveyor.common.types;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.conveyor.common.json.JsonProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The statuses an {@code http} job accepts, written as one status ({@code 200}, or {@code "200"}
 * as a template fills it in), a list ({@code [200, 204]}) or an inclusive range
 * ({@code "200-299"}); a list may hold ranges too.
 *
 * <p>It keeps the JSON it was written as and reads it when asked, so that any JSON binds and
 * {@link #problems()} can say what is wrong with it, pointer by pointer, like every other
 * parameter; and so that a job's parameters are shown as submitted.
 *
 * @param written the JSON as submitted
 */
public record ExpectedStatus(JsonNode written) {

    private static final Pattern STATUS = Pattern.compile("\\d{3}");
    private static final Pattern RANGE = Pattern.compile("(\\d{3})-(\\d{3})");
    private static final int LOWEST = 100;
    private static final int HIGHEST = 599;
    private static final String SHAPES = "a status such as 200, a list of statuses or a range such as \"200-299\"";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ExpectedStatus {
        Objects.requireNonNull(written, "written");
    }

    @JsonValue
    @Override
    public JsonNode written() {
        return written;
    }

    /** Exactly this one status. */
    public static ExpectedStatus of(int status) {
        return new ExpectedStatus(JsonNodeFactory.instance.numberNode(status));
    }

    /** What is wrong with it, as pointers relative to where it is written; empty when it can be read. */
    public List<Violation> problems() {
        List<Violation> problems = new ArrayList<>();
        if (written.isArray()) {
            if (written.isEmpty()) {
                problems.add(new Violation("", "must list at least one status"));
            }
            for (int i = 0; i < written.size(); i++) {
                String problem = problemOf(written.get(i));
                if (problem != null) {
                    problems.add(new Violation("/" + i, problem));
                }
            }
        } else {
            String problem = problemOf(written);
            if (problem != null) {
                problems.add(new Violation("", problem));
            }
        }
        return problems;
    }

    /** Whether an answer with this status is as expected; only meaningful when there are no {@link #problems()}. */
    public boolean accepts(int status) {
        if (written.isArray()) {
            for (JsonNode item : written) {
                if (accepts(item, status)) {
                    return true;
                }
            }
            return false;
        }
        return accepts(written, status);
    }

    /** For messages: {@code 200}, {@code 200-299}, {@code one of [200, 204]}. */
    @Override
    public String toString() {
        if (!written.isArray()) {
            return written.isString() ? written.asString() : written.toString();
        }
        List<String> items = new ArrayList<>();
        written.forEach(item -> items.add(item.isString() ? item.asString() : item.toString()));
        return "one of " + items;
    }

    private static boolean accepts(JsonNode single, int status) {
        int[] range = rangeOf(single);
        return range != null && range[0] <= status && status <= range[1];
    }

    private static String problemOf(JsonNode single) {
        if (single.isIntegralNumber()) {
            return single.canConvertToInt() && inBounds(single.asInt()) ? null : outOfBounds();
        }
        if (single.isString()) {
            String text = single.asString();
            if (STATUS.matcher(text).matches()) {
                return inBounds(Integer.parseInt(text)) ? null : outOfBounds();
            }
            Matcher range = RANGE.matcher(text);
            if (!range.matches()) {
                return JsonProblems.quoted(text) + " is not " + SHAPES;
            }
            int from = Integer.parseInt(range.group(1));
            int to = Integer.parseInt(range.group(2));
            if (!inBounds(from) || !inBounds(to)) {
                return outOfBounds();
            }
            return from <= to ? null : JsonProblems.quoted(text) + " is an empty range: " + from + " is above " + to;
        }
        return "must be " + SHAPES;
    }

    /** The inclusive bounds a valid single item stands for; {@code null} for an invalid one. */
    private static int[] rangeOf(JsonNode single) {
        if (problemOf(single) != null) {
            return null;
        }
        if (single.isIntegralNumber()) {
            return new int[] {single.asInt(), single.asInt()};
        }
        Matcher range = RANGE.matcher(single.asString());
        if (range.matches()) {
            return new int[] {Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2))};
        }
        int status = Integer.parseInt(single.asString());
        return new int[] {status, status};
    }

    private static boolean inBounds(int status) {
        return status >= LOWEST && status <= HIGHEST;
    }

    private static String outOfBounds() {
        return "must be an HTTP status between " + LOWEST + " and " + HIGHEST;
    }
}
