package dev.conveyor.gateway.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The position after the last job of a page, in the list's order (submitted time, then id), with
 * the order and the filter it belongs to. Opaque to clients; keyset-based, so pages stay stable
 * while new jobs arrive.
 */
record ListCursor(boolean oldestFirst, String fingerprint, Instant submittedAt, String id) {

    String encode() {
        String plain = (oldestFirst ? "a" : "d") + "|" + fingerprint + "|" + submittedAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws InvalidCursorException when the cursor was not made by {@link #encode()}, or was made
     *     for another order or filter than {@code query}'s
     */
    static ListCursor decode(JobQuery query) {
        String cursor = query.cursor();
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 4);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException(cursor);
        }
        if (parts.length != 4 || !parts[0].matches("[ad]") || parts[3].isEmpty()) {
            throw new InvalidCursorException(cursor);
        }
        if (parts[0].equals("a") != query.oldestFirst() || !parts[1].equals(query.filter().fingerprint())) {
            throw new InvalidCursorException(cursor, "it belongs to a list with other filters or another sort");
        }
        try {
            return new ListCursor(query.oldestFirst(), parts[1], Instant.parse(parts[2]), parts[3]);
        } catch (DateTimeParseException e) {
            throw new InvalidCursorException(cursor);
        }
    }
}
