package dev.conveyor.gateway.auth;

import java.time.Instant;

/**
 * API tokens for the web tests of other features ({@code @Import} it beside
 * {@link ImportApiSecurity}): issued straight into the gateway's known tokens and revoked there,
 * as the tokens topic would tell it; and when the gateway last heard from that topic.
 */
public final class TestTokens {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final KnownTokens known;

    TestTokens(KnownTokens known) {
        this.known = known;
    }

    /**
     * A token of {@code role} ({@code VIEWER}, {@code OPERATOR} or {@code ADMIN}) that expires at
     * {@code expiresAt} ({@code null}: never); returns what its holder sends after {@code Bearer}.
     */
    public String issue(String name, String role, Instant expiresAt) {
        String id = TokenSecrets.newId();
        String secret = TokenSecrets.newSecret();
        known.put(new ApiToken(id, name, Role.named(role).orElseThrow(), TokenSecrets.sha256Hex(secret), CREATED,
                "admin", expiresAt, null, null));
        return TokenSecrets.format(id, secret);
    }

    /** Revokes the token that {@code bearer} presents, as reading its revocation from the topic does. */
    public void revoke(String bearer) {
        String id = TokenSecrets.parse(bearer).orElseThrow().id();
        known.put(known.find(id).orElseThrow().revoked(CREATED.plusSeconds(60), "admin"));
    }

    /** From now on the tokens are current only while the tokens topic confirms them, as last at {@code at}. */
    public void lastHeardFromTheTokensTopicAt(Instant at) {
        known.followed();
        known.upToDateAt(at);
    }
}
