package dev.conveyor.common.templates;

import dev.conveyor.common.types.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/** What is wrong with a template's parameter schema, checked before any validator compiles it. */
final class SchemaProblems {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private SchemaProblems() {
    }

    static List<Violation> of(JsonNode schema, String at, Set<String> topKeywords, Set<String> parameterKeywords,
            Set<String> types) {
        List<Violation> problems = new ArrayList<>();
        if (!schema.isObject()) {
            return List.of(new Violation(at, "must be a JSON Schema object with \"properties\""));
        }
        for (String keyword : schema.propertyNames()) {
            if (!topKeywords.contains(keyword)) {
                problems.add(new Violation(at + "/" + keyword, "unsupported keyword; supported: " + topKeywords));
            }
        }
        if (schema.has("type") && !"object".equals(schema.get("type").asString(""))) {
            problems.add(new Violation(at + "/type", "must be \"object\""));
        }
        if (schema.has("additionalProperties") && schema.get("additionalProperties").asBoolean(true)) {
            problems.add(new Violation(at + "/additionalProperties", "must be false: a launch sets only declared parameters"));
        }
        JsonNode properties = schema.path("properties");
        if (!schema.has("properties") || !properties.isObject()) {
            problems.add(new Violation(at + "/properties", "must be an object of parameter schemas"));
            return problems;
        }
        for (Map.Entry<String, JsonNode> p : properties.properties()) {
            parameter(p.getKey(), p.getValue(), at + "/properties/" + p.getKey(), parameterKeywords, types, problems);
        }
        JsonNode required = schema.path("required");
        if (schema.has("required")) {
            if (!required.isArray()) {
                problems.add(new Violation(at + "/required", "must be an array of parameter names"));
            } else {
                for (int i = 0; i < required.size(); i++) {
                    if (!properties.has(required.get(i).asString(""))) {
                        problems.add(new Violation(at + "/required/" + i, "names no declared parameter"));
                    }
                }
            }
        }
        return problems;
    }

    private static void parameter(String name, JsonNode spec, String at, Set<String> keywords, Set<String> types,
            List<Violation> problems) {
        if (!NAME.matcher(name).matches()) {
            problems.add(new Violation(at, "a parameter name is a letter or _ then letters, digits or _ (at most 64)"));
        }
        if (!spec.isObject()) {
            problems.add(new Violation(at, "must be an object such as {\"type\": \"string\"}"));
            return;
        }
        for (String keyword : spec.propertyNames()) {
            if (!keywords.contains(keyword)) {
                problems.add(new Violation(at + "/" + keyword, "unsupported keyword; supported: " + keywords));
            }
        }
        String type = spec.path("type").asString("");
        if (!spec.has("enum") && !types.contains(type)) {
            problems.add(new Violation(at + "/type", "must be one of " + types + " (or give \"enum\")"));
        }
        if (spec.has("enum") && (!spec.get("enum").isArray() || spec.get("enum").isEmpty())) {
            problems.add(new Violation(at + "/enum", "must be a non-empty array of the allowed values"));
        }
        if ("array".equals(type) && (!spec.path("items").isObject() || !types.contains(spec.path("items").path("type")
                .asString("")) && !spec.path("items").has("enum"))) {
            problems.add(new Violation(at + "/items", "an array gives its item type, e.g. {\"type\": \"string\"}"));
        }
        if (spec.path("writeOnly").asBoolean(false)) {
            if (!"string".equals(type)) {
                problems.add(new Violation(at + "/writeOnly", "a secret (writeOnly) is a string"));
            }
            if (spec.has("default")) {
                problems.add(new Violation(at + "/default", "a secret has no default: give it at launch"));
            }
        }
        if (spec.has("pattern")) {
            try {
                Pattern.compile(spec.get("pattern").asString(""));
            } catch (PatternSyntaxException e) {
                problems.add(new Violation(at + "/pattern", "is not a regular expression: " + e.getDescription()));
            }
        }
    }
}
