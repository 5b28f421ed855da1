package dev.conveyor.gateway.store;

import dev.conveyor.common.jobs.JobStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The SQL of one page of a job list: the filter as conditions, the cursor as a keyset bound. */
final class JobListSql {

    private final StringBuilder sql = new StringBuilder("SELECT j.snapshot FROM jobs j WHERE 1 = 1");
    private final List<Object> params = new ArrayList<>();

    JobListSql(JobQuery query) {
        JobFilter filter = query.filter();
        if (!filter.statuses().isEmpty()) {
            sql.append(" AND j.status IN (").append("?, ".repeat(filter.statuses().size() - 1)).append("?)");
            filter.statuses().stream().map(JobStatus::name).sorted().forEach(params::add);
        }
        equal("j.type", filter.type());
        equal("j.queue", filter.queue());
        equal("j.template_id", filter.templateId());
        equal("j.submitted_by", filter.submittedBy());
        if (filter.since() != null) {
            sql.append(" AND j.submitted_at >= ?");
            params.add(utc(filter.since()));
        }
        if (filter.until() != null) {
            sql.append(" AND j.submitted_at < ?");
            params.add(utc(filter.until()));
        }
        for (Map.Entry<String, String> label : filter.labels().entrySet()) {
            sql.append(" AND EXISTS (SELECT 1 FROM job_labels l WHERE l.job_id = j.id AND l.label_key = ?");
            params.add(label.getKey());
            filter.labelValue(label.getKey()).ifPresent(value -> {
                sql.append(" AND l.label_value = ?");
                params.add(value);
            });
            sql.append(")");
        }
        String order = query.oldestFirst() ? "ASC" : "DESC";
        if (query.cursor() != null) {
            ListCursor after = ListCursor.decode(query);
            String beyond = query.oldestFirst() ? ">" : "<";
            sql.append(" AND (j.submitted_at ").append(beyond).append(" ? OR (j.submitted_at = ? AND j.id ")
                    .append(beyond).append(" ?))");
            params.add(utc(after.submittedAt()));
            params.add(utc(after.submittedAt()));
            params.add(after.id());
        }
        // One row more than asked tells whether a next page exists.
        sql.append(" ORDER BY j.submitted_at ").append(order).append(", j.id ").append(order).append(" LIMIT ?");
        params.add(query.limit() + 1);
    }

    private void equal(String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    String sql() {
        return sql.toString();
    }

    List<Object> params() {
        return params;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
