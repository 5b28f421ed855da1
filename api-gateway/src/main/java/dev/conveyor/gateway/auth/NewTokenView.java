package dev.conveyor.gateway.auth;

import java.time.Instant;

/**
 * The answer to {@code POST /api/v1/tokens}: the only time the token itself is shown.
 *
 * @param id the token's id
 * @param name who or what uses it
 * @param role what it may do
 * @param createdAt when it was created
 * @param createdBy who created it
 * @param expiresAt when it stops working; absent for never
 * @param token the token to send as {@code Authorization: Bearer <token>}; keep it, it cannot be
 *     shown again
 */
record NewTokenView(
        String id,
        String name,
        Role role,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        String token) {

    static NewTokenView of(IssuedToken issued) {
        ApiToken t = issued.token();
        return new NewTokenView(t.id(), t.name(), t.role(), t.createdAt(), t.createdBy(), t.expiresAt(),
                issued.bearerToken());
    }
}
