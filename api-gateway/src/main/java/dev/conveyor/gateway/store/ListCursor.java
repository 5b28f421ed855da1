package dev.conveyor.gateway.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The position after the last job of a page, in the list order (submitted time, then id, both
 * descending). Opaque to clients; keyset-based, so pages stay stable while new jobs arrive.
 */
record ListCursor(Instant submittedAt, String id) {

    String encode() {
        String plain = submittedAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static ListCursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            if (bar < 0) {
                throw new InvalidCursorException(cursor);
            }
            return new ListCursor(Instant.parse(plain.substring(0, bar)), plain.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidCursorException(cursor);
        }
    }
}
