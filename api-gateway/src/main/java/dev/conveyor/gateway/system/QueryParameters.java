package dev.conveyor.gateway.system;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import org.springframework.util.MultiValueMap;

/**
 * Reads a list's query string strictly, the same way for every list of the API: an unknown
 * parameter, one given twice, or a value that cannot be read is a 400 naming it, never a silently
 * wider list.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** @throws UnknownQueryParameterException naming every parameter not among {@code known} */
    public static void requireKnown(MultiValueMap<String, String> query, Collection<String> known) {
        List<String> unknown = query.keySet().stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownQueryParameterException(unknown, known);
        }
    }

    /** The parameter's one value, 1 to 256 characters, or {@code null} when it is not given. */
    public static String single(MultiValueMap<String, String> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidQueryException(name, "given " + values.size() + " times; give it once");
        }
        String value = values.getFirst();
        if (value.isBlank() || value.length() > 256) {
            throw new InvalidQueryException(name, "must be 1 to 256 characters");
        }
        return value;
    }

    /** The parameter as an ISO-8601 instant, or {@code null} when it is not given. */
    public static Instant instant(MultiValueMap<String, String> query, String name) {
        String value = single(query, name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException(name, "'" + value + "' is not an ISO-8601 instant such as 2026-11-24T10:00:00Z");
        }
    }

    /** The parameter as a limit from 1 to {@code max}, or {@code otherwise} when it is not given. */
    public static int limit(MultiValueMap<String, String> query, int otherwise, int max) {
        String value = single(query, "limit");
        if (value == null) {
            return otherwise;
        }
        long limit;
        try {
            limit = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidQueryException("limit", "'" + value + "' is not an integer");
        }
        if (limit < 1 || limit > max) {
            throw new InvalidQueryException("limit", "must be between 1 and " + max);
        }
        return (int) limit;
    }
}
