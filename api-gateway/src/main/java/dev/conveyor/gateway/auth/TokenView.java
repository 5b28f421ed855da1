package dev.conveyor.gateway.auth;

import java.time.Instant;

/**
 * A token as {@code GET /api/v1/tokens} shows it: everything but the secret, which no gateway
 * holds.
 *
 * @param id the token's id
 * @param name who or what uses it
 * @param role what it may do
 * @param createdAt when it was created
 * @param createdBy who created it
 * @param expiresAt when it stops working; absent for never
 * @param revokedAt when it was revoked; absent while it is not
 * @param revokedBy who revoked it; absent while it is not revoked
 */
record TokenView(
        String id,
        String name,
        Role role,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Instant revokedAt,
        String revokedBy) {

    static TokenView of(ApiToken t) {
        return new TokenView(t.id(), t.name(), t.role(), t.createdAt(), t.createdBy(), t.expiresAt(), t.revokedAt(),
                t.revokedBy());
    }
}
