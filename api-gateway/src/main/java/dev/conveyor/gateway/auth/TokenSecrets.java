package dev.conveyor.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a token, {@code cvy_<id>_<secret>}: a 16-hex-digit id by which the gateway finds
 * it, and 32 random bytes, base64url, of which only the SHA-256 is ever stored. Thread-safe.
 */
final class TokenSecrets {

    private static final String PREFIX = "cvy_";
    /** The id never holds an underscore, so the first one after it ends it (base64url secrets may hold some). */
    private static final Pattern TOKEN = Pattern.compile("cvy_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private TokenSecrets() {
    }

    static String newId() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return HEX.formatHex(id);
    }

    static String newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The token as its holder sends it. */
    static String format(String id, String secret) {
        return PREFIX + id + "_" + secret;
    }

    /** The id and secret of a presented token, or empty if it does not have a token's shape. */
    static Optional<Presented> parse(String token) {
        Matcher matcher = TOKEN.matcher(token);
        return matcher.matches() ? Optional.of(new Presented(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String sha256Hex(String value) {
        return HEX.formatHex(sha256(value));
    }

    static byte[] fromHex(String hex) {
        return HEX.parseHex(hex);
    }

    /**
     * A token as presented.
     *
     * @param id the id part
     * @param secret the secret part
     */
    record Presented(String id, String secret) {
    }
}
