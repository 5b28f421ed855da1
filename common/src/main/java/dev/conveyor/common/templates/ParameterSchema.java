package dev.conveyor.common.templates;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parameters a template's launch may set, as a JSON Schema (2020-12) object schema limited to
 * what users know from OpenAPI: {@code properties} of type {@code string} ({@code minLength},
 * {@code maxLength}, {@code pattern}), {@code integer}/{@code number} ({@code minimum},
 * {@code maximum}), {@code boolean}, {@code enum}, {@code array} ({@code items}, {@code minItems},
 * {@code maxItems}); {@code required}; {@code default}. A secret is a string with
 * {@code "writeOnly": true}: never echoed, never logged, encrypted on Kafka. A launch may set only
 * the declared parameters.
 */
public final class ParameterSchema {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "array");
    private static final Set<String> TOP_KEYWORDS = Set.of("type", "properties", "required", "description", "title",
            "additionalProperties");
    private static final Set<String> PARAMETER_KEYWORDS = Set.of("type", "enum", "minLength", "maxLength", "pattern",
            "minimum", "maximum", "items", "minItems", "maxItems", "default", "description", "title", "writeOnly",
            "examples");

    private final ObjectNode schema;
    private final Schema validator;

    private ParameterSchema(ObjectNode schema) {
        this.schema = schema;
        this.validator = REGISTRY.getSchema(schema.toString());
    }

    /**
     * @param schema the {@code parameters} of a template; {@code null} for a template without parameters
     * @param at where the schema is in the request body, as a JSON pointer
     * @throws InvalidTemplateException naming every problem of the schema
     */
    public static ParameterSchema of(JsonNode schema, String at) {
        ObjectNode object = ConveyorJson.mapper().createObjectNode();
        if (schema != null && !schema.isNull()) {
            List<Violation> problems = SchemaProblems.of(schema, at, TOP_KEYWORDS, PARAMETER_KEYWORDS, TYPES);
            if (!problems.isEmpty()) {
                throw new InvalidTemplateException(problems);
            }
            object = ((ObjectNode) schema).deepCopy();
        }
        object.put("type", "object");
        object.put("additionalProperties", false);
        if (!object.has("properties")) {
            object.putObject("properties");
        }
        return new ParameterSchema(object);
    }

    public JsonNode asJson() {
        return schema;
    }

    /** The declared parameters, in declaration order. */
    public Set<String> names() {
        return new LinkedHashSet<>(schema.get("properties").propertyNames());
    }

    /** The parameters declared {@code writeOnly}: secrets. */
    public Set<String> secrets() {
        Set<String> secrets = new TreeSet<>();
        for (Map.Entry<String, JsonNode> p : schema.get("properties").properties()) {
            if (p.getValue().path("writeOnly").asBoolean(false)) {
                secrets.add(p.getKey());
            }
        }
        return secrets;
    }

    /**
     * The values of a launch: the declared defaults overlaid with what the launch gives.
     *
     * @param given the launch's parameters; {@code null} for none
     * @param at where they are in the request body, as a JSON pointer
     * @throws InvalidTemplateException naming every value that does not fit the schema
     */
    public ObjectNode values(JsonNode given, String at) {
        if (given != null && !given.isNull() && !given.isObject()) {
            throw new InvalidTemplateException(List.of(new Violation(at, "must be a JSON object")));
        }
        ObjectNode values = ConveyorJson.mapper().createObjectNode();
        for (Map.Entry<String, JsonNode> p : schema.get("properties").properties()) {
            if (p.getValue().has("default")) {
                values.set(p.getKey(), p.getValue().get("default").deepCopy());
            }
        }
        if (given != null && given.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = given.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                values.set(field.getKey(), field.getValue());
            }
        }
        List<Violation> problems = new ArrayList<>();
        for (Error error : validator.validate(values)) {
            problems.add(new Violation(at + pointerOf(error), describe(error)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidTemplateException(problems);
        }
        return values;
    }

    /** The error's message without the instance location the validator puts first, and never a secret value. */
    private static String describe(Error error) {
        String message = error.getMessage();
        int colon = message.indexOf(": ");
        String text = colon >= 0 && message.startsWith("/") ? message.substring(colon + 2) : message;
        return "additionalProperties".equals(error.getKeyword()) ? "is not a parameter of this template" : text;
    }

    private static String pointerOf(Error error) {
        NodePath path = error.getInstanceLocation();
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(String.valueOf(path.getElement(i)).replace("~", "~0").replace("/", "~1"));
        }
        if (error.getProperty() != null && ("required".equals(error.getKeyword())
                || "additionalProperties".equals(error.getKeyword()))) {
            pointer.append('/').append(error.getProperty());
        }
        return pointer.toString();
    }
}
