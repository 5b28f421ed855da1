package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.gateway.store.JobFilter;
import dev.conveyor.gateway.store.JobQuery;
import dev.conveyor.gateway.system.UnknownQueryParameterException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.util.MultiValueMap;

/**
 * The query string of {@code GET /api/v1/jobs}, read strictly: an unknown parameter or a value
 * that cannot be read is an {@link InvalidQueryException} naming it, never a silently wider list.
 */
final class JobListRequest {

    static final Set<String> PARAMETERS = new TreeSet<>(List.of("status", "type", "queue", "template", "label",
            "submittedBy", "since", "until", "sort", "limit", "cursor"));
    static final String NEWEST_FIRST = "-submittedAt";
    static final String OLDEST_FIRST = "submittedAt";

    private JobListRequest() {
    }

    /**
     * @param query every query parameter of the request
     * @param statuses {@code status}, already read by Spring (several states, comma-separated)
     */
    static JobQuery read(MultiValueMap<String, String> query, Set<JobStatus> statuses, int defaultLimit,
            int maxLimit) {
        List<String> unknown = query.keySet().stream().filter(name -> !PARAMETERS.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownQueryParameterException(unknown, PARAMETERS);
        }
        JobFilter filter = new JobFilter(statuses, single(query, "type"), single(query, "queue"),
                single(query, "template"), labels(query.get("label")), single(query, "submittedBy"),
                instant(query, "since"), instant(query, "until"));
        String sort = single(query, "sort");
        if (sort != null && !sort.equals(NEWEST_FIRST) && !sort.equals(OLDEST_FIRST)) {
            throw new InvalidQueryException("sort", "must be " + NEWEST_FIRST + " (newest first, the default) or "
                    + OLDEST_FIRST);
        }
        return new JobQuery(filter, OLDEST_FIRST.equals(sort), limit(single(query, "limit"), defaultLimit, maxLimit),
                single(query, "cursor"));
    }

    private static String single(MultiValueMap<String, String> query, String name) {
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

    /** {@code label=team=payments} matches that value, {@code label=team} any value of the key. */
    private static Map<String, String> labels(List<String> values) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String value : values == null ? List.<String>of() : values) {
            int equals = value.indexOf('=');
            String key = equals < 0 ? value : value.substring(0, equals);
            if (!key.matches("[A-Za-z0-9][A-Za-z0-9._/-]{0,62}") || value.length() > 320) {
                throw new InvalidQueryException("label", "'" + value + "' is not key=value or key, with a key of"
                        + " letters, digits and . _ / - (at most 63)");
            }
            labels.put(key, equals < 0 ? "" : value.substring(equals + 1));
        }
        return labels;
    }

    private static Instant instant(MultiValueMap<String, String> query, String name) {
        String value = single(query, name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException(name, "'" + value + "' is not an ISO-8601 instant such as 2026-11-24T10:00:00Z");
        }
    }

    private static int limit(String value, int defaultLimit, int maxLimit) {
        if (value == null) {
            return defaultLimit;
        }
        long limit;
        try {
            limit = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidQueryException("limit", "'" + value + "' is not an integer");
        }
        if (limit < 1 || limit > maxLimit) {
            throw new InvalidQueryException("limit", "must be between 1 and " + maxLimit);
        }
        return (int) limit;
    }
}
