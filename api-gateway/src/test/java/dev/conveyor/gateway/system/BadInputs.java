package dev.conveyor.gateway.system;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a careless or hostile client sends, as jqwik arbitraries: JSON of any shape, jobs that look
 * right but for one field, bytes, huge strings, query strings, header values and ids.
 */
final class BadInputs {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final JsonMapper MAPPER = JsonMapper.shared();

    /** Field names the API knows somewhere, so that random JSON often looks almost right. */
    private static final List<String> KNOWN_NAMES = List.of("type", "params", "queue", "timeout", "labels", "retry",
            "maxAttempts", "initialDelay", "multiplier", "maxDelay", "jitter", "retryOn", "duration", "url",
            "expectStatus", "id", "status");

    /** Where one field of a job can be spoilt. */
    private static final List<String> JOB_FIELDS = List.of("", "/type", "/queue", "/timeout", "/labels",
            "/labels/team", "/params", "/params/duration", "/params/url", "/params/expectStatus", "/retry",
            "/retry/maxAttempts", "/retry/initialDelay", "/retry/multiplier", "/retry/maxDelay", "/retry/jitter",
            "/retry/retryOn", "/retry/retryOn/0");

    private BadInputs() {
    }

    /** Any JSON text: scalars, arrays and objects nested a few levels, keys often ones the API knows. */
    static Arbitrary<String> anyJson() {
        return anyJsonNode(3).map(BadInputs::write);
    }

    private static Arbitrary<JsonNode> anyJsonNode(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<JsonNode> inner = Arbitraries.lazy(() -> anyJsonNode(depth - 1));
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(items -> {
            ArrayNode array = JSON.arrayNode();
            items.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> objects = Combinators.combine(keys(), inner).as(List::of).list().ofMaxSize(5).map(pairs -> {
            ObjectNode object = JSON.objectNode();
            pairs.forEach(pair -> object.set((String) pair.get(0), (JsonNode) pair.get(1)));
            return object;
        });
        return Arbitraries.frequencyOf(
                Tuple.of(3, scalars()),
                Tuple.of(1, arrays),
                Tuple.of(2, objects));
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.of(KNOWN_NAMES), Arbitraries.strings().ofMaxLength(12));
    }

    private static Arbitrary<JsonNode> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(JSON::stringNode),
                Arbitraries.of("noop", "sleep", "http", "default", "PT1S", "PT0.5S", "-PT1S", "P9999999999D",
                        "https://example.org", "http://[::1", "QUEUED", "", " ").map(JSON::stringNode),
                Arbitraries.integers().map(JSON::numberNode),
                Arbitraries.longs().map(JSON::numberNode),
                Arbitraries.doubles().map(JSON::numberNode),
                Arbitraries.of("1e400", "-1e400", "123456789012345678901234567890", "0.000000001")
                        .map(text -> JSON.numberNode(new BigDecimal(text))),
                Arbitraries.of(JSON.booleanNode(true), JSON.booleanNode(false), JSON.nullNode()));
    }

    /** A job that would be accepted, but for one field: of the wrong type, too long, unknown, absent. */
    static Arbitrary<String> spoiltJobs() {
        return Combinators.combine(validJobs(), Arbitraries.of(JOB_FIELDS), spoilers()).as((job, field, spoiler) -> {
            spoiler.apply(job, field);
            return write(job);
        });
    }

    static Arbitrary<ObjectNode> validJobs() {
        return Arbitraries.of("noop", "sleep", "http").map(type -> {
            ObjectNode job = JSON.objectNode().put("type", type).put("queue", "default").put("timeout", "PT10S");
            ObjectNode params = job.putObject("params");
            switch (type) {
                case "sleep" -> params.put("duration", "PT0.1S");
                case "http" -> params.put("url", "https://example.org").put("expectStatus", 200);
                default -> { }
            }
            job.putObject("labels").put("team", "ops");
            ObjectNode retry = job.putObject("retry").put("maxAttempts", 3).put("initialDelay", "PT1S")
                    .put("multiplier", 2.0).put("maxDelay", "PT1M").put("jitter", 0.2);
            retry.putArray("retryOn").add("unreachable");
            return job;
        });
    }

    /** One way to spoil a field. */
    interface Spoiler {

        void apply(ObjectNode job, String field);
    }

    private static Arbitrary<Spoiler> spoilers() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, anyJsonNode(2).map(value -> (job, field) -> replace(job, field, value))),
                Tuple.of(1, Arbitraries.just((job, field) -> replace(job, field, JSON.nullNode()))),
                Tuple.of(1, Arbitraries.of(65, 201, 257, 10_000, 100_000).map(length -> (job, field) ->
                        replace(job, field, JSON.stringNode("x".repeat(length))))),
                Tuple.of(1, Arbitraries.strings().ofMinLength(1).ofMaxLength(10).map(name -> (job, field) ->
                        addUnknown(job, field, name))),
                Tuple.of(1, Arbitraries.just((job, field) -> remove(job, field))));
    }

    private static void replace(ObjectNode job, String field, JsonNode value) {
        if (field.isEmpty()) {
            job.removeAll();
            job.set("type", value);
            return;
        }
        JsonNode parent = job.at(parentOf(field));
        String name = field.substring(field.lastIndexOf('/') + 1);
        if (parent instanceof ObjectNode object) {
            object.set(name, value);
        } else if (parent instanceof ArrayNode array && !array.isEmpty()) {
            array.set(0, value);
        }
    }

    private static void addUnknown(ObjectNode job, String field, String name) {
        JsonNode target = field.isEmpty() ? job : job.at(field);
        if (target instanceof ObjectNode object && !object.has(name)) {
            object.put(name, "surprise");
        } else {
            job.put(name + "_", 1);
        }
    }

    private static void remove(ObjectNode job, String field) {
        if (field.isEmpty()) {
            job.removeAll();
            return;
        }
        if (job.at(parentOf(field)) instanceof ObjectNode parent) {
            parent.remove(field.substring(field.lastIndexOf('/') + 1));
        }
    }

    private static String parentOf(String field) {
        return field.substring(0, field.lastIndexOf('/'));
    }

    /** A job with one huge string somewhere: up to past the body size limit. */
    static Arbitrary<String> hugeStrings() {
        return Combinators.combine(validJobs(), Arbitraries.of("/type", "/queue", "/labels/team", "/params/url",
                "/retry/retryOn/0", "/params/x"), Arbitraries.of(64 * 1024, 512 * 1024, 1024 * 1024 - 200,
                1024 * 1024 + 1, 3 * 1024 * 1024)).as((job, field, length) -> {
                    replace(job, field, JSON.stringNode("é".repeat(length / 2)));
                    return write(job);
                });
    }

    /** Bytes that are rarely JSON, of a size up to a few kilobytes. */
    static Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
    }

    static Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(
                Arbitraries.of("application/json", "application/json; charset=UTF-8", "application/json;charset=UTF-16",
                        "application/json; charset=ISO-8859-1", "application/problem+json", "application/x-ndjson",
                        "text/plain", "text/json", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "*/*", "application/*", "application/json; charset=nope"),
                multipartContentTypes(),
                Arbitraries.strings().ofMaxLength(40));
    }

    /**
     * Multipart content types, over bodies that are rarely multipart: a servlet container parses
     * such a body itself, which only a real server shows.
     */
    static Arbitrary<String> multipartContentTypes() {
        return Arbitraries.of("multipart/form-data; boundary=x", "multipart/form-data", "multipart/form-data; boundary=",
                "MULTIPART/FORM-DATA; boundary=\"a b\"", "multipart/mixed; boundary=x", "multipart/related; boundary=x",
                "multipart/form-data; boundary=" + "x".repeat(200), "multipart/x-anything; boundary=--");
    }

    /** Bodies for a multipart content type: often not multipart, sometimes nearly so. */
    static Arbitrary<byte[]> multipartBodies() {
        return Arbitraries.oneOf(bytes(),
                Arbitraries.of("", "{\"type\": \"noop\"}", "--x\r\n", "--x\r\nContent-Disposition: form-data\r\n\r\nv",
                        "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--x--\r\n", "--x--")
                        .map(text -> text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Query strings, encoded as a client would: names the endpoint takes or not, values of any kind. */
    static Arbitrary<String> queries(List<String> known) {
        Arbitrary<String> names = Arbitraries.frequencyOf(
                Tuple.of(3, known.isEmpty() ? Arbitraries.of("limit") : Arbitraries.of(known)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(12)),
                Tuple.of(1, Arbitraries.of("colour", "Status", "status[]", "limit ", "cursor;", "")));
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("QUEUED", "QUEUED,RUNNING", "QUEUED,DONE", "done", "noop", "default", "1", "0", "-1",
                        "500", "501", "2147483648", "1e3", "", " ", "eyJ4IjoxfQ", "MjAyNi0wMS0wMVQwMDowMDowMFp8YQ",
                        "x".repeat(5000)),
                Arbitraries.strings().ofMaxLength(30));
        return Combinators.combine(names, values).as((name, value) -> encode(name) + "=" + encode(value))
                .list().ofMaxSize(4).map(pairs -> String.join("&", pairs));
    }

    static Arbitrary<String> acceptHeaders() {
        return Arbitraries.oneOf(
                Arbitraries.of("application/json", "application/problem+json", "*/*", "text/html", "application/xml",
                        "text/event-stream", "application/json;q=0", "not a media type", "*/*;q=nope", ""),
                Arbitraries.strings().ofMaxLength(40));
    }

    static Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "Bearer", "Bearer ", "Bearer x.y.z", "Basic Zm9vOmJhcg==", "x".repeat(4000),
                        "gzip", "identity", "100-continue"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60));
    }

    /** Ids a path may carry: a UUID, any text, text far longer than an id, or one known to the store. */
    static Arbitrary<String> ids(String known) {
        return Arbitraries.oneOf(
                Arbitraries.create(java.util.UUID::randomUUID).map(Object::toString),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().alpha().ofMinLength(1000).ofMaxLength(3000),
                Arbitraries.of("..", ".", "%", "null", "0", "-1", " ", "a/b", "a;b", "{id}", "' OR 1=1 --"),
                Arbitraries.just(known));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** For reports: long inputs cut short. */
    static String shortened(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "… (" + text.length() + " chars)";
    }
}
