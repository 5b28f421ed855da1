package dev.conveyor.gateway.auth;

import java.time.Instant;

/**
 * An API token as the gateways keep it on the tokens topic, keyed by its id: never the secret,
 * only its SHA-256. A revoked token stays on the topic (with {@code revokedAt}), so that lists
 * still show it and no gateway can mistake it for one it has not heard of yet.
 *
 * @param id the token's id, the middle part of {@code cvy_<id>_<secret>}
 * @param name who or what uses the token; the name jobs record as their submitter
 * @param role what the token may do
 * @param sha256 the SHA-256 of the token's secret, hex-encoded
 * @param createdAt when it was created
 * @param createdBy the name of the caller who created it
 * @param expiresAt when it stops working, or {@code null} for never
 * @param revokedAt when it was revoked, or {@code null} while it is not
 * @param revokedBy the name of the caller who revoked it, or {@code null}
 */
record ApiToken(
        String id,
        String name,
        Role role,
        String sha256,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Instant revokedAt,
        String revokedBy) {

    boolean isRevoked() {
        return revokedAt != null;
    }

    boolean hasExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    ApiToken revoked(Instant at, String by) {
        return new ApiToken(id, name, role, sha256, createdAt, createdBy, expiresAt, at, by);
    }
}
