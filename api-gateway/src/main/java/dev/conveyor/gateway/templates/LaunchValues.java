package dev.conveyor.gateway.templates;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.templates.ParameterSchema;
import dev.conveyor.common.templates.TemplateParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads back, from the parameters of a job launched from a template, the values its launch gave:
 * the inverse of {@link TemplateParams#resolve} for one template. A job records its filled-in
 * parameters, not its launch's values, and a relaunch must launch the template anew.
 *
 * <p>A placeholder that is a whole value is read as the job's value there; one inside a longer
 * string is read as text (then as JSON when its parameter is declared other than a string); a
 * parameter that no placeholder names is read from the job's field of that name. Where the job
 * has another shape than the template, nothing is read. What is read may still not be what the
 * launch gave (two placeholders side by side can split a string more than one way): only filling
 * it in again and comparing tells, which {@link TemplateRelaunch} does.
 */
final class LaunchValues {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private LaunchValues() {
    }

    /**
     * @param jobParams the job's parameters in clear text (secrets opened)
     * @return the launch values, or empty when the job's parameters do not have the template's shape
     */
    static Optional<ObjectNode> readBack(JsonNode templateParams, ParameterSchema schema, JsonNode jobParams) {
        JsonNode template = templateParams == null || templateParams.isNull()
                ? ConveyorJson.mapper().createObjectNode() : templateParams;
        ObjectNode values = ConveyorJson.mapper().createObjectNode();
        if (jobParams == null || !read(template, jobParams, schema, values)) {
            return Optional.empty();
        }
        var named = TemplateParams.placeholders(template);
        for (String name : schema.names()) {
            if (!named.contains(name) && jobParams.has(name) && !put(values, name, jobParams.get(name))) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }

    /** Reads the values under {@code template} from {@code job}; false where the two do not match. */
    private static boolean read(JsonNode template, JsonNode job, ParameterSchema schema, ObjectNode values) {
        if (template.isObject()) {
            if (!job.isObject()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> field : template.properties()) {
                JsonNode value = job.get(field.getKey());
                // Left out: a whole placeholder whose parameter had no value.
                boolean match = value == null ? isWholePlaceholder(field.getValue())
                        : read(field.getValue(), value, schema, values);
                if (!match) {
                    return false;
                }
            }
            // Fields beyond the template's are the job type's defaults or parameters of their own name.
            return true;
        }
        if (template.isArray()) {
            if (!job.isArray() || job.size() != template.size()) {
                return false;
            }
            for (int i = 0; i < template.size(); i++) {
                if (!read(template.get(i), job.get(i), schema, values)) {
                    return false;
                }
            }
            return true;
        }
        // A fixed value holds nothing to read; whether the job still has it, the comparison tells.
        return !template.isString() || readString(template.asString(), job, schema, values);
    }

    private static boolean readString(String text, JsonNode job, ParameterSchema schema, ObjectNode values) {
        Matcher whole = PLACEHOLDER.matcher(text);
        if (whole.matches()) {
            return put(values, whole.group(1), job);
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder pattern = new StringBuilder();
        List<String> names = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            pattern.append(Pattern.quote(text.substring(last, m.start()))).append("(.*?)");
            names.add(m.group(1));
            last = m.end();
        }
        if (names.isEmpty()) {
            return true;
        }
        if (!job.isString()) {
            return false;
        }
        pattern.append(Pattern.quote(text.substring(last)));
        Matcher filled = Pattern.compile(pattern.toString(), Pattern.DOTALL).matcher(job.asString());
        if (!filled.matches()) {
            return false;
        }
        for (int i = 0; i < names.size(); i++) {
            String part = filled.group(i + 1);
            // Empty: the parameter had no value, or an empty one; filling in again tells which.
            if (!part.isEmpty() && !put(values, names.get(i), typed(schema, names.get(i), part))) {
                return false;
            }
        }
        return true;
    }

    /** A value read from inside a string, as the JSON its parameter is declared to be. */
    private static JsonNode typed(ParameterSchema schema, String name, String text) {
        String type = schema.asJson().path("properties").path(name).path("type").asString("");
        if (!type.equals("string")) {
            try {
                JsonNode value = ConveyorJson.mapper().readTree(text);
                if (value != null && !value.isMissingNode() && !value.isString()) {
                    return value;
                }
            } catch (JacksonException notJson) {
                // Text after all.
            }
        }
        return JsonNodeFactory.instance.stringNode(text);
    }

    /** Records a value; a parameter read twice must read the same. */
    private static boolean put(ObjectNode values, String name, JsonNode value) {
        JsonNode known = values.get(name);
        if (known != null) {
            return known.equals(value);
        }
        values.set(name, value);
        return true;
    }

    private static boolean isWholePlaceholder(JsonNode node) {
        return node.isString() && PLACEHOLDER.matcher(node.asString()).matches();
    }
}
