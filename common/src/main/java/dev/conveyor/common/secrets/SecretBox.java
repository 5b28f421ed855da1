package dev.conveyor.common.secrets;

import dev.conveyor.common.json.ConveyorJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seals secret values inside job parameters so they cross Kafka encrypted, and opens them in the
 * worker that runs the job. A sealed value is the object {@code {"$secret": "<key id>:<base64 of
 * nonce and AES-256-GCM ciphertext>"}}, bound to its job id (as associated data) so it cannot be
 * pasted into another job. The first key seals; every key opens, so keys can rotate.
 */
public final class SecretBox {

    /** The field that marks a sealed value. */
    public static final String FIELD = "$secret";
    /** What views show instead of a secret. */
    public static final String MASK = "********";

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    /**
     * @param keys {@code <id>:<base64 of 32 bytes>} each, the sealing key first
     * @throws IllegalArgumentException naming the key that cannot be used
     */
    public SecretBox(List<String> keys) {
        for (String key : keys == null ? List.<String>of() : keys) {
            int colon = key.indexOf(':');
            byte[] bytes;
            try {
                bytes = colon > 0 ? Base64.getDecoder().decode(key.substring(colon + 1).trim()) : new byte[0];
            } catch (IllegalArgumentException e) {
                bytes = new byte[0];
            }
            if (bytes.length != 32) {
                throw new IllegalArgumentException("conveyor.secrets.keys: each key is <id>:<base64 of 32 random bytes>;"
                        + " the one with id '" + (colon > 0 ? key.substring(0, colon) : "?") + "' is not");
            }
            this.keys.put(key.substring(0, colon), new SecretKeySpec(bytes, "AES"));
        }
    }

    /** Whether a key is configured, without which secrets can be neither sealed nor opened. */
    public boolean hasKeys() {
        return !keys.isEmpty();
    }

    /** The sealed form of a secret value of job {@code jobId}. */
    public ObjectNode seal(String value, String jobId) {
        Map.Entry<String, SecretKeySpec> key = keys.entrySet().stream().findFirst()
                .orElseThrow(() -> new SecretsUnavailableException("no key configured (conveyor.secrets.keys)"));
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.getValue(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(jobId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, all, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, all, NONCE_BYTES, sealed.length);
            return JsonNodeFactory.instance.objectNode().put(FIELD, key.getKey() + ":" + Base64.getEncoder().encodeToString(all));
        } catch (GeneralSecurityException e) {
            throw new SecretsUnavailableException("sealing failed: " + e.getMessage());
        }
    }

    /**
     * A keyed fingerprint of a secret value, {@code <key id>:<hex of HMAC-SHA256>}, under a key
     * derived from the sealing key (so the AES key itself serves one purpose). Equal values have
     * equal fingerprints while the sealing key stays, which lets a request's digest tell one value
     * from another; without the key, a fingerprint confirms no guess of the value.
     *
     * @throws SecretsUnavailableException when no key is configured
     */
    public String fingerprint(String value) {
        Map.Entry<String, SecretKeySpec> key = keys.entrySet().stream().findFirst()
                .orElseThrow(() -> new SecretsUnavailableException("no key configured (conveyor.secrets.keys)"));
        byte[] derived = hmac(key.getValue().getEncoded(), "conveyor secret fingerprint".getBytes(StandardCharsets.UTF_8));
        return key.getKey() + ":" + HexFormat.of().formatHex(hmac(derived, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /** {@code params} with every sealed value of job {@code jobId} replaced by its clear text. */
    public JsonNode open(JsonNode params, String jobId) {
        return map(params, sealed -> JsonNodeFactory.instance.stringNode(open(sealed, jobId)));
    }

    /** The clear text of every sealed value in {@code params} of job {@code jobId}: what must never be shown. */
    public List<String> openAll(JsonNode params, String jobId) {
        List<String> values = new ArrayList<>();
        map(params, sealed -> {
            values.add(open(sealed, jobId));
            return JsonNodeFactory.instance.nullNode();
        });
        return values;
    }

    /** {@code params} of job {@code from} with every sealed value sealed again for job {@code to}. */
    public JsonNode reseal(JsonNode params, String from, String to) {
        return map(params, sealed -> seal(open(sealed, from), to));
    }

    /** {@code params} with every sealed value shown as {@link #MASK}: what views and logs may show. */
    public static JsonNode masked(JsonNode params) {
        return map(params, sealed -> JsonNodeFactory.instance.stringNode(MASK));
    }

    /** Whether {@code params} hold a sealed value anywhere. */
    public static boolean holdsSecrets(JsonNode params) {
        return params != null && (isSealed(params) || params.findValue(FIELD) != null);
    }

    private String open(String sealed, String jobId) {
        int colon = sealed.indexOf(':');
        SecretKeySpec key = colon > 0 ? keys.get(sealed.substring(0, colon)) : null;
        if (key == null) {
            throw new SecretsUnavailableException("no key '" + (colon > 0 ? sealed.substring(0, colon) : "?")
                    + "' among conveyor.secrets.keys");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(colon + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(jobId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretsUnavailableException("a secret of job " + jobId + " cannot be opened (wrong key or job)");
        }
    }

    private static boolean isSealed(JsonNode node) {
        return node.isObject() && node.size() == 1 && node.path(FIELD).isString();
    }

    private static JsonNode map(JsonNode node, java.util.function.Function<String, JsonNode> sealed) {
        if (node == null) {
            return null;
        }
        if (isSealed(node)) {
            return sealed.apply(node.get(FIELD).asString());
        }
        if (node.isObject()) {
            ObjectNode copy = ConveyorJson.mapper().createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), map(field.getValue(), sealed));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ConveyorJson.mapper().createArrayNode();
            node.forEach(item -> copy.add(map(item, sealed)));
            return copy;
        }
        return node;
    }
}
