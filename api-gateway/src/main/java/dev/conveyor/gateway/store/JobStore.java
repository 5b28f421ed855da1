package dev.conveyor.gateway.store;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.json.ConveyorJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
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
 * that a worker had just picked up. The one exception is a job {@code DEAD} because its request
 * never reached Kafka ({@link JobSnapshot#isNotEnqueued()}): queued again, it is live again.
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

    private final List<StoredJobListener> listeners;

    JobStore(JdbcClient jdbc, TransactionTemplate transactions, List<StoredJobListener> listeners) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Stores a snapshot unless the store holds the same or a newer version of that job, or holds it
     * in a final state.
     *
     * @return whether the snapshot was stored
     */
    public boolean apply(JobSnapshot snapshot) {
        boolean stored = inWriteTransaction(() -> upsert(snapshot));
        if (stored) {
            listeners.forEach(listener -> listener.stored(snapshot));
        }
        return stored;
    }

    /** Stores each snapshot as {@link #apply} would, all in one transaction. */
    public void applyAll(List<JobSnapshot> snapshots) {
        applyAll(snapshots, () -> { });
    }

    /** Applies snapshots and runs {@code alsoInTransaction} in one transaction; for the projection. */
    void applyAll(List<JobSnapshot> snapshots, Runnable alsoInTransaction) {
        List<JobSnapshot> stored = inWriteTransaction(() -> {
            List<JobSnapshot> changed = snapshots.stream().filter(this::upsert).toList();
            alsoInTransaction.run();
            return changed;
        });
        stored.forEach(snapshot -> listeners.forEach(listener -> listener.stored(snapshot)));
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
                                updated_at = ?, snapshot = ?, reopenable = ?
                WHERE id = ? AND version < ?""" + " AND (" + NOT_FINAL + " OR reopenable)")
                .params(s.type(), s.queue(), s.status().name(), s.attempt(), s.version(), utc(s.submittedAt()),
                        utc(Instant.now()), json, s.isNotEnqueued(), s.id(), s.version())
                .update();
        if (updated > 0) {
            return true;
        }
        boolean exists = jdbc.sql("SELECT COUNT(*) FROM jobs WHERE id = ?").param(s.id()).query(Long.class).single() > 0;
        if (exists) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO jobs (id, type, queue, status, attempt, version, submitted_at, updated_at, snapshot,
                                  template_id, submitted_by, reopenable)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(s.id(), s.type(), s.queue(), s.status().name(), s.attempt(), s.version(),
                        utc(s.submittedAt()), utc(Instant.now()), json, s.origin().templateId(), s.submittedBy(),
                        s.isNotEnqueued())
                .update();
        s.labels().forEach((key, value) -> jdbc.sql(
                        "INSERT INTO job_labels (job_id, label_key, label_value) VALUES (?, ?, ?)")
                .params(s.id(), key, value).update());
        return true;
    }

    @Transactional(readOnly = true)
    public Optional<JobSnapshot> find(String id) {
        return jdbc.sql("SELECT snapshot FROM jobs WHERE id = ?").param(id).query(String.class).optional()
                .map(JobStore::snapshotOf);
    }

    @Transactional(readOnly = true)
    public JobPage list(JobQuery query) {
        JobListSql page = new JobListSql(query);
        List<JobSnapshot> rows = jdbc.sql(page.sql()).params(page.params()).query(String.class).list().stream()
                .map(JobStore::snapshotOf).toList();
        if (rows.size() <= query.limit()) {
            return new JobPage(rows, null);
        }
        List<JobSnapshot> items = rows.subList(0, query.limit());
        JobSnapshot last = items.getLast();
        return new JobPage(items, new ListCursor(query.oldestFirst(), query.filter().fingerprint(),
                last.submittedAt(), last.id()).encode());
    }

    private static JobSnapshot snapshotOf(String json) {
        return ConveyorJson.mapper().readValue(json, JobSnapshot.class);
    }

    private static OffsetDateTime utc(Instant instant) {
        return JobListSql.utc(instant);
    }
}
