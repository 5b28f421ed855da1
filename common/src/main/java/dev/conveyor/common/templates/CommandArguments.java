package dev.conveyor.common.templates;

import dev.conveyor.common.types.Violation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a launch's values may not do to a {@code command} template: an admin wrote the argument
 * vector, so an operator's value fills a slot in it and must not change what the command is asked
 * to do. A value may not become an option of the executable (begin an argument with {@code -}),
 * unless the template ended the options with a {@code --} argument before it or wrote the
 * argument's leading {@code -} itself; and no value in {@code args} or {@code workingDir} may hold
 * a {@code ..} path segment, so that {@code /var/log/${file}} stays under {@code /var/log}.
 * The values have passed the template's parameter schema already; this is what the schema cannot
 * say.
 */
public final class CommandArguments {

    private CommandArguments() {
    }

    /**
     * For a {@code command} template, refuses values that would escape their slots; any other
     * template's values pass.
     *
     * @throws InvalidTemplateException naming each value that would escape its slot
     */
    public static void requireWithinSlots(JobTemplate template, ObjectNode values, String at) {
        if (template.type().equals("command")) {
            List<Violation> escapes = problems(template.params(), values, at);
            if (!escapes.isEmpty()) {
                throw new InvalidTemplateException(escapes);
            }
        }
    }

    /**
     * @param templateParams the template's {@code params}, placeholders unfilled
     * @param values the launch's values, defaults included
     * @param at where the values are in the request body, as a JSON pointer
     * @return a problem per value that would escape its slot; empty for a template of another shape
     */
    public static List<Violation> problems(JsonNode templateParams, ObjectNode values, String at) {
        Set<Violation> problems = new LinkedHashSet<>();
        JsonNode args = templateParams == null ? null : templateParams.get("args");
        if (args != null && args.isArray()) {
            boolean optionsEnded = false;
            for (JsonNode arg : args) {
                if (!arg.isString()) {
                    continue;
                }
                String template = arg.asString();
                if (template.equals("--")) {
                    optionsEnded = true;
                    continue;
                }
                if (!optionsEnded) {
                    leadingValue(template, values).filter(name -> text(values.get(name)).startsWith("-"))
                            .ifPresent(name -> problems.add(new Violation(at + "/" + name,
                                    "would reach the command as an option: a value here must not start with '-'")));
                }
                problems.addAll(pathProblems(template, values, at));
            }
        }
        JsonNode workingDir = templateParams == null ? null : templateParams.get("workingDir");
        if (workingDir != null && workingDir.isString()) {
            problems.addAll(pathProblems(workingDir.asString(), values, at));
        }
        return new ArrayList<>(problems);
    }

    /**
     * The parameter whose value gives the filled argument its first character: the first
     * placeholder with a non-empty value, when nothing the template wrote comes before it.
     */
    private static Optional<String> leadingValue(String template, ObjectNode values) {
        Matcher m = TemplateParams.PLACEHOLDER.matcher(template);
        int literalEnd = 0;
        while (m.find()) {
            if (m.start() != literalEnd) {
                return Optional.empty();
            }
            String name = m.group(1);
            if (!text(values.get(name)).isEmpty()) {
                return Optional.of(name);
            }
            literalEnd = m.end();
        }
        return Optional.empty();
    }

    private static List<Violation> pathProblems(String template, ObjectNode values, String at) {
        List<Violation> problems = new ArrayList<>();
        Matcher m = TemplateParams.PLACEHOLDER.matcher(template);
        while (m.find()) {
            String name = m.group(1);
            if (hasParentSegment(text(values.get(name)))) {
                problems.add(new Violation(at + "/" + name,
                        "must not hold a '..' path segment: it fills a path the template points at"));
            }
        }
        return problems;
    }

    private static boolean hasParentSegment(String value) {
        for (String segment : value.split("/", -1)) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "" : value.isString() ? value.asString() : value.toString();
    }
}
