package dev.conveyor.common.types;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.json.JsonProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The catalogue of job types and their parameters. The gateway validates with it before it
 * accepts a job; the worker binds with it before it runs one, so both read parameters one way.
 */
public final class JobTypes {

    private static final Map<String, Class<? extends JobParams>> TYPES = Map.of(
            "noop", NoopParams.class,
            "sleep", SleepParams.class,
            "http", HttpParams.class,
            "profile", ProfileParams.class,
            "tls", TlsParams.class,
            "tcp", TcpParams.class,
            "dns", DnsParams.class,
            "command", CommandParams.class);

    private JobTypes() {
    }

    /** Every job type name, sorted. */
    public static SortedSet<String> names() {
        return new TreeSet<>(TYPES.keySet());
    }

    public static boolean isKnown(String type) {
        return type != null && TYPES.containsKey(type);
    }

    /**
     * Binds and validates the parameters of a job of the given type.
     *
     * @param params the parameters as submitted; {@code null} is read as no parameters
     * @throws InvalidJobException naming every problem, with pointers into the submitted body
     */
    public static JobParams parse(String type, JsonNode params) {
        Class<? extends JobParams> paramsType = TYPES.get(type);
        if (paramsType == null) {
            throw new InvalidJobException("/type", "unknown job type '" + type + "'; known types: " + names());
        }
        JsonNode source = params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : params;
        if (!source.isObject()) {
            throw new InvalidJobException("/params", "must be a JSON object");
        }
        JobParams bound = bind(paramsType, source);
        List<Violation> violations = new ArrayList<>();
        for (Violation v : bound.validate()) {
            violations.add(new Violation("/params" + v.pointer(), v.message()));
        }
        if (!violations.isEmpty()) {
            throw new InvalidJobException(violations);
        }
        return bound;
    }

    private static JobParams bind(Class<? extends JobParams> paramsType, JsonNode source) {
        ObjectReader reader = JsonProblems.readingEveryProblem(ConveyorJson.mapper().readerFor(paramsType)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
        JsonParser parser = reader.treeAsTokens(source);
        try {
            return reader.readValueCollectingProblems(parser);
        } catch (JacksonException e) {
            // Before the parser closes: a syntax-level failure asks it where it was.
            throw new InvalidJobException(JsonProblems.of(e, "/params"));
        } finally {
            parser.close();
        }
    }
}
