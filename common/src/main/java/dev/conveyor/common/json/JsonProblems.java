package dev.conveyor.common.json;

import dev.conveyor.common.types.Violation;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.CollectingProblemHandler;
import tools.jackson.databind.exc.CollectedProblem;
import tools.jackson.databind.exc.DeferredBindingException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what is wrong with JSON input that did not bind, in terms of the JSON a client sent ("must
 * be an integer", "unknown field") rather than of the Java types it binds to, which are nobody's
 * business outside. Each problem is a {@link Violation} with a JSON pointer into the input.
 *
 * <p>A {@linkplain #readingEveryProblem(ObjectReader) reader that reads past problems} reports all
 * of them at once: every unknown field and every value of the wrong type, not just the first.
 */
public final class JsonProblems {

    /** Beyond this, a value quoted back to the client is cut short. */
    private static final int QUOTED_LENGTH = 40;

    private static final CollectingProblemHandler COLLECTOR = new KnownFieldsCollector();

    private JsonProblems() {
    }

    /**
     * The given reader, reading past every problem it can recover from (an unknown field, a value
     * of the wrong type) to fail at the end with all of them, through its
     * {@code readValueCollectingProblems} methods.
     */
    public static ObjectReader readingEveryProblem(ObjectReader reader) {
        return reader.problemCollectingReader(COLLECTOR);
    }

    /** What went wrong in a failed read, each problem with a pointer below {@code base} ("" for the root). */
    public static List<Violation> of(JacksonException failure, String base) {
        List<Violation> violations = new ArrayList<>();
        for (Throwable suppressed : failure.getSuppressed()) {
            // Recovered problems that came before the one the read could not get past.
            if (suppressed instanceof DeferredBindingException collected) {
                collected.getProblems().forEach(problem -> violations.add(of(problem, base)));
            }
        }
        if (failure instanceof DeferredBindingException collected) {
            collected.getProblems().forEach(problem -> violations.add(of(problem, base)));
        } else {
            violations.add(single(failure, base));
        }
        return violations;
    }

    /** How a value of this type is written in JSON: "an integer", "an ISO-8601 duration such as PT30S"… */
    public static String expected(Class<?> type) {
        if (type == null || JsonNode.class.isAssignableFrom(type)) {
            return "JSON";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration such as PT30S";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 time such as 2026-01-31T12:00:00Z";
        }
        if (type == URI.class || type == URL.class) {
            return "a URI";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** A value of the input, quoted for a message, cut short if long. */
    public static String quoted(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() > QUOTED_LENGTH ? text.substring(0, QUOTED_LENGTH) + "…" : text) + "'";
    }

    private static Violation of(CollectedProblem problem, String base) {
        String pointer = base + problem.getPath();
        JavaType type = problem.getTargetType();
        if (type == null) {
            // An unknown field: KnownFieldsCollector wrote the message.
            return new Violation(pointer, problem.getMessage());
        }
        if (problem.getRawValue() != null) {
            return new Violation(pointer, quoted(problem.getRawValue()) + " is not " + expected(type.getRawClass()));
        }
        return new Violation(pointer, "must be " + expected(type.getRawClass()));
    }

    private static Violation single(JacksonException failure, String base) {
        if (failure instanceof StreamConstraintsException) {
            // Its message names Jackson's settings; the client needs only the limit it hit.
            return new Violation(base + pointerAt(failure), "is too large or too deeply nested");
        }
        if (failure instanceof InputCoercionException || failure.getCause() instanceof InputCoercionException) {
            String pointer = failure instanceof DatabindException bind ? ConveyorJson.pointerOf(bind) : pointerAt(failure);
            return new Violation(base + pointer, "is out of range");
        }
        if (!(failure instanceof DatabindException bind)) {
            return new Violation(base + pointerAt(failure), "is not valid JSON" + at(failure.getLocation()) + ": "
                    + failure.getOriginalMessage());
        }
        String pointer = base + ConveyorJson.pointerOf(bind);
        if (bind instanceof UnrecognizedPropertyException unknown) {
            return new Violation(pointer, unknownField(unknown.getKnownPropertyIds()));
        }
        if (bind instanceof InvalidFormatException format && format.getValue() != null) {
            return new Violation(pointer, quoted(format.getValue()) + " is not " + expected(format.getTargetType()));
        }
        if (bind instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new Violation(pointer, "must be " + expected(mismatch.getTargetType()));
        }
        return new Violation(pointer, "is not valid");
    }

    /** Where in the document reading stopped: a syntax error has no binding path, but its parser knows. */
    private static String pointerAt(JacksonException failure) {
        // A parser that was closed no longer knows.
        if (failure instanceof StreamReadException read && read.processor() != null
                && read.processor().streamReadContext() != null) {
            return read.processor().streamReadContext().pathAsPointer().toString();
        }
        return "";
    }

    private static String at(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String unknownField(Collection<Object> known) {
        return known == null || known.isEmpty() ? "unknown field"
                : "unknown field; known: " + new TreeSet<>(known.stream().map(String::valueOf).toList());
    }

    /**
     * Jackson's collector, but an unknown field's message names the known ones, not the Java class
     * that has none of that name.
     */
    private static final class KnownFieldsCollector extends CollectingProblemHandler {

        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                ValueDeserializer<?> deserializer, Object beanOrClass, String propertyName) {
            List<CollectedProblem> bucket = getBucket(context);
            if (bucket == null || bucket.size() >= getMaxProblems()) {
                return false;
            }
            Collection<Object> known = deserializer == null ? List.of() : deserializer.getKnownPropertyNames();
            bucket.add(new CollectedProblem(parser.streamReadContext().pathAsPointer(), unknownField(known), null,
                    parser.currentTokenLocation(), null, parser.currentToken()));
            parser.skipChildren();
            return true;
        }
    }
}
