package dev.conveyor.gateway.jobs;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.InvalidJobException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A caller's {@code Idempotency-Key} and what it asked for. The ids of the jobs it makes derive
 * from the caller and the key alone, so a retry, on this gateway or another, names the same jobs
 * and finds them in the store; the digest of the request tells a retry from a reuse of the key
 * for something else.
 *
 * @param caller who made the request
 * @param key the header's value
 * @param digest SHA-256 (hex) of the operation and its canonical JSON body; it is kept in the job's
 *     origin, so a body must reach it without clear-text secrets (a template launch gives their
 *     keyed fingerprints instead)
 */
public record Idempotency(String caller, String key, String digest) {

    public static final String HEADER = "Idempotency-Key";

    /**
     * @param key the header's value, or {@code null} when the request has none
     * @param operation what the request does, e.g. {@code submit} or {@code launch nightly}
     * @param body the request's body, as read, with any secret value replaced by its fingerprint
     * @return {@code null} when there is no key
     * @throws InvalidJobException when the key is empty, longer than 255 characters or not printable ASCII
     */
    public static Idempotency of(String caller, String key, String operation, Object body) {
        if (key == null) {
            return null;
        }
        if (!key.matches("[\\x21-\\x7E]{1,255}")) {
            throw new InvalidJobException("/headers/" + HEADER,
                    "must be 1 to 255 printable ASCII characters without spaces, e.g. a UUID");
        }
        JsonNode canonical = sorted(ConveyorJson.mapper().valueToTree(body == null ? Map.of() : body));
        byte[] bytes = (operation + "\n" + canonical).getBytes(StandardCharsets.UTF_8);
        return new Idempotency(caller, key, HexFormat.of().formatHex(sha256(bytes)));
    }

    /** The id of the {@code index}th job the request makes (0 for a single job). */
    public String jobId(int index) {
        String name = "conveyor-idempotency\n" + caller + "\n" + key + "\n" + index;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The same JSON with every object's fields in name order, so field order never changes a digest. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.put(field.getKey(), sorted(field.getValue()));
            }
            ObjectNode copy = ConveyorJson.mapper().createObjectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            var copy = ConveyorJson.mapper().createArrayNode();
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
