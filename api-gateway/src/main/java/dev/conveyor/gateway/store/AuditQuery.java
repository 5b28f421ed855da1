package dev.conveyor.gateway.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Which audit entries to list, newest first, a page at a time.
 *
 * @param actor only this caller's, when given
 * @param action only this action's, when given
 * @param since only those at or after this instant, when given
 * @param until only those before this instant, when given
 * @param limit at most this many
 * @param cursor the previous page's {@link AuditPage#nextCursor()}, or {@code null} for the first
 */
public record AuditQuery(String actor, String action, Instant since, Instant until, int limit, String cursor) {

    /** What the filters are, so that a cursor is used with the list it came from only. */
    String fingerprint() {
        return Integer.toHexString(Objects.hash(actor, action, since, until));
    }
}
