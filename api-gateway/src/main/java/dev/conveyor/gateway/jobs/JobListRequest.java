package dev.conveyor.gateway.jobs;

import static dev.conveyor.gateway.system.QueryParameters.instant;
import static dev.conveyor.gateway.system.QueryParameters.limit;
import static dev.conveyor.gateway.system.QueryParameters.single;

import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.gateway.store.JobFilter;
import dev.conveyor.gateway.store.JobQuery;
import dev.conveyor.gateway.system.InvalidQueryException;
import dev.conveyor.gateway.system.QueryParameters;
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
        QueryParameters.requireKnown(query, PARAMETERS);
        JobFilter filter = new JobFilter(statuses, single(query, "type"), single(query, "queue"),
                single(query, "template"), labels(query.get("label")), single(query, "submittedBy"),
                instant(query, "since"), instant(query, "until"));
        String sort = single(query, "sort");
        if (sort != null && !sort.equals(NEWEST_FIRST) && !sort.equals(OLDEST_FIRST)) {
            throw new InvalidQueryException("sort", "must be " + NEWEST_FIRST + " (newest first, the default) or "
                    + OLDEST_FIRST);
        }
        return new JobQuery(filter, OLDEST_FIRST.equals(sort), limit(query, defaultLimit, maxLimit),
                single(query, "cursor"));
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
}
