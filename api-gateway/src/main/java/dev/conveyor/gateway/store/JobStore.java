package dev.conveyor.gateway.store;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.json.ConveyorJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queryable projection of job state: one row per job holding its newest snapshot.
 *
 * <p>A snapshot is applied only if its version is higher than the stored one, so the projection
 * and the gateway's own read-your-writes can apply the same snapshot in any order, any number of
 * times. A job in a final state keeps it whatever comes after, because a higher version does not
 * always mean a later truth: a job whose worker died after publishing its result, before
 * committing its offset, runs again as a further attempt, and so does a job canceled while queued
 * that a worker had just picked up.
 */
@Repository
public class JobStore {

    /** The SQL condition of a row whose job may still change. */
    private static final String NOT_FINAL = JobStatus.FINAL.stream().map(status -> "'" + status.name() + "'")
            .sorted().collect(Collectors.joining(", ", "status NOT IN (", ")"));

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    /**
     * Both writers of this gateway (its own submits and the projection) take this lock around
     * their transaction, so they never race to insert the same new job.
     */
    private final Lock writes = new ReentrantLock();

    JobStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Stores a snapshot unless the store holds the same or a newer version of that job, or holds it
     * in a final state.
     *
     * @return whether the snapshot was stored
     */
    public boolean apply(JobSnapshot snapshot) {
        return inWriteTransaction(() -> upsert(snapshot));
    }

    /** Applies snapshots and runs {@code alsoInTransaction} in one transaction; for the projection. */
    void applyAll(List<JobSnapshot> snapshots, Runnable alsoInTransaction) {
        inWriteTransaction(() -> {
            snapshots.forEach(this::upsert);
            alsoInTransaction.run();
            return null;
        });
    }

    private <T> T inWriteTransaction(Supplier<T> work) {
        writes.lock();
        try {
            return transactions.execute(tx -> work.get());
        } finally {
            writes.unlock();
        }
    }

    private boolean upsert(JobSnapshot s) {
        String json = new String(ConveyorJson.mapper().writeValueAsBytes(s), StandardCharsets.UTF_8);
        int updated = jdbc.sql("""
                UPDATE jobs SET type = ?, queue = ?, status = ?, attempt = ?, version = ?, submitted_at = ?,
                                updated_at = ?, snapshot = ?
                WHERE id = ? AND version < ?""" + " AND " + NOT_FINAL)
                .params(s.type(), s.queue(), s.status().name(), s.attempt(), s.version(), utc(s.submittedAt()),
                        utc(Instant.now()), json, s.id(), s.version())
                .update();
        if (updated > 0) {
            return true;
        }
        boolean exists = jdbc.sql("SELECT COUNT(*) FROM jobs WHERE id = ?").param(s.id()).query(Long.class).single() > 0;
        if (exists) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO jobs (id, type, queue, status, attempt, version, submitted_at, updated_at, snapshot)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(s.id(), s.type(), s.queue(), s.status().name(), s.attempt(), s.version(),
                        utc(s.submittedAt()), utc(Instant.now()), json)
                .update();
        return true;
    }

    @Transactional(readOnly = true)
    public Optional<JobSnapshot> find(String id) {
        return jdbc.sql("SELECT snapshot FROM jobs WHERE id = ?").param(id).query(String.class).optional()
                .map(JobStore::snapshotOf);
    }

    @Transactional(readOnly = true)
    public JobPage list(JobQuery query) {
        StringBuilder sql = new StringBuilder("SELECT snapshot FROM jobs WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (!query.statuses().isEmpty()) {
            sql.append(" AND status IN (").append("?, ".repeat(query.statuses().size() - 1)).append("?)");
            query.statuses().stream().map(JobStatus::name).sorted().forEach(params::add);
        }
        if (query.type() != null) {
            sql.append(" AND type = ?");
            params.add(query.type());
        }
        if (query.queue() != null) {
            sql.append(" AND queue = ?");
            params.add(query.queue());
        }
        if (query.cursor() != null) {
            ListCursor after = ListCursor.decode(query.cursor());
            sql.append(" AND (submitted_at < ? OR (submitted_at = ? AND id < ?))");
            params.add(utc(after.submittedAt()));
            params.add(utc(after.submittedAt()));
            params.add(after.id());
        }
        // One row more than asked tells whether a next page exists.
        sql.append(" ORDER BY submitted_at DESC, id DESC LIMIT ?");
        params.add(query.limit() + 1);
        List<JobSnapshot> rows = jdbc.sql(sql.toString()).params(params).query(String.class).list().stream()
                .map(JobStore::snapshotOf).toList();
        if (rows.size() <= query.limit()) {
            return new JobPage(rows, null);
        }
        List<JobSnapshot> page = rows.subList(0, query.limit());
        JobSnapshot last = page.getLast();
        return new JobPage(page, new ListCursor(last.submittedAt(), last.id()).encode());
    }

    private static JobSnapshot snapshotOf(String json) {
        return ConveyorJson.mapper().readValue(json, JobSnapshot.class);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
