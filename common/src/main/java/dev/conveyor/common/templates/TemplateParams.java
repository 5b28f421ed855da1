package dev.conveyor.common.templates;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes a launched job's parameters from its template's: each declared parameter fills every
 * {@code ${name}} placeholder in the template's parameter values (a value that is exactly one
 * placeholder takes the parameter's own JSON type), and a parameter that no placeholder names is
 * the job parameter of that name. A placeholder of a parameter without a value leaves its field out.
 */
public final class TemplateParams {

    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private TemplateParams() {
    }

    /**
     * The job's parameters in clear, with where the secrets are in them.
     *
     * @param secretPointers JSON pointers of the values that hold a secret, to be sealed
     */
    public record Resolved(ObjectNode params, List<String> secretPointers) {
    }

    /** The placeholders of template parameters that name no declared parameter, as problems. */
    public static List<Violation> undeclared(JsonNode templateParams, Set<String> declared, String at) {
        List<Violation> problems = new ArrayList<>();
        walk(templateParams, at, (pointer, text) -> {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                if (!declared.contains(m.group(1))) {
                    problems.add(new Violation(pointer, "${" + m.group(1) + "} names no declared parameter"));
                }
            }
        });
        return problems;
    }

    public static Resolved resolve(JsonNode templateParams, ObjectNode values, Set<String> secrets) {
        Set<String> referenced = new TreeSet<>();
        walk(templateParams, "", (pointer, text) -> {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                referenced.add(m.group(1));
            }
        });
        List<String> secretPointers = new ArrayList<>();
        JsonNode filled = fill(templateParams == null || templateParams.isNull()
                ? ConveyorJson.mapper().createObjectNode() : templateParams, "", values, secrets, secretPointers);
        ObjectNode params = filled != null && filled.isObject() ? (ObjectNode) filled : ConveyorJson.mapper().createObjectNode();
        for (Map.Entry<String, JsonNode> value : values.properties()) {
            if (!referenced.contains(value.getKey())) {
                params.set(value.getKey(), value.getValue());
                if (secrets.contains(value.getKey())) {
                    secretPointers.add("/" + value.getKey());
                }
            }
        }
        return new Resolved(params, secretPointers);
    }

    /** A copy of {@code params} with every placeholder filled from {@code values}, and nothing added. */
    public static JsonNode filled(JsonNode params, ObjectNode values) {
        return params == null || params.isNull() ? ConveyorJson.mapper().createObjectNode()
                : fill(params, "", values, Set.of(), new ArrayList<>());
    }

    /** The names of the placeholders in {@code params}. */
    public static Set<String> placeholders(JsonNode params) {
        Set<String> names = new TreeSet<>();
        walk(params, "", (pointer, text) -> {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        });
        return names;
    }

    /** A copy of {@code node} with placeholders filled; {@code null} for a value left out. */
    private static JsonNode fill(JsonNode node, String pointer, ObjectNode values, Set<String> secrets,
            List<String> secretPointers) {
        if (node.isObject()) {
            ObjectNode copy = ConveyorJson.mapper().createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = fill(field.getValue(), pointer + "/" + escape(field.getKey()), values, secrets,
                        secretPointers);
                if (value != null) {
                    copy.set(field.getKey(), value);
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ConveyorJson.mapper().createArrayNode();
            for (JsonNode item : node) {
                JsonNode value = fill(item, pointer + "/" + copy.size(), values, secrets, secretPointers);
                if (value != null) {
                    copy.add(value);
                }
            }
            return copy;
        }
        if (!node.isString()) {
            return node;
        }
        String text = node.asString();
        Matcher whole = PLACEHOLDER.matcher(text);
        if (whole.matches()) {
            if (secrets.contains(whole.group(1))) {
                secretPointers.add(pointer);
            }
            return values.has(whole.group(1)) ? values.get(whole.group(1)) : null;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean secret = false;
        while (m.find()) {
            JsonNode value = values.get(m.group(1));
            secret |= secrets.contains(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? ""
                    : value.isString() ? value.asString() : value.toString()));
        }
        m.appendTail(out);
        if (secret) {
            secretPointers.add(pointer);
        }
        return JsonNodeFactory.instance.stringNode(out.toString());
    }

    private interface StringVisitor {
        void visit(String pointer, String text);
    }

    private static void walk(JsonNode node, String pointer, StringVisitor visitor) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.properties().forEach(f -> walk(f.getValue(), pointer + "/" + escape(f.getKey()), visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, visitor);
            }
        } else if (node.isString()) {
            visitor.visit(pointer, node.asString());
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
