package dev.conveyor.gateway.store;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.json.ConveyorJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queryable projection of job state: one row per job holding its newest snapshot. A job is
 * {@code QUEUED} here only once its request is known to be on its jobs topic: read from there, or
 * acknowledged by Kafka to this gateway ({@link #applyQueued}).
 *
 * <p>A snapshot is applied only if its version is higher than the stored one, so the projection
 * and the gateway's own read-your-writes can apply the same snapshot in any order, any number of
 * times. A job in a final state keeps it whatever comes after, because a higher version does not
 * always mean a later truth: a job whose worker died after publishing its result, before
 * committing its offset, runs again as a further attempt, and so does a job canceled while queued
 * that a worker had just picked up. The one exception is a job a gateway of record format 1
 * marked {@code DEAD} because it could not see its request acknowledged
 * ({@link JobSnapshot#isNotEnqueued()}): queued again, it is live again.
 */
@Repository
public class JobStore {

    /** The most jobs remembered as queued here, unread by the projection; far more than a poll. */
    private static final int MAX_QUEUED_HERE = 1_000_000;
    /** Ids per {@code IN} list when the projection reads the rows a poll touches. */
    private static final int IDS_PER_READ = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    /** Its own submits, its projection, and in a shared store the other gateways': one at a time. */
    private final StoreWriters writers;

    private final List<StoredJobListener> listeners;
    /**
     * Jobs this gateway stored as queued from its own acknowledged publish, whose requests its
     * projection has yet to read: it skips them unread, as they would change nothing.
     */
    private final Set<String> queuedHere = ConcurrentHashMap.newKeySet();
    /** Submits waiting to be stored; whoever holds {@link #groupCommit} stores all of them. */
    private final Queue<QueuedWrite> queuedWrites = new ConcurrentLinkedQueue<>();
    private final Lock groupCommit = new ReentrantLock();

    JobStore(JdbcTemplate jdbc, TransactionTemplate transactions, List<StoredJobListener> listeners) {
        this.jdbc = JdbcClient.create(jdbc);
        this.batches = jdbc;
        this.writers = new StoreWriters(jdbc, transactions);
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Stores a snapshot unless the store holds the same or a newer version of that job, or holds it
     * in a final state.
     *
     * @return whether the snapshot was stored
     */
    public boolean apply(JobSnapshot snapshot) {
        Written written = inWriteTransaction(() -> write(List.of(), List.of(snapshot)));
        tellListeners(written);
        return !written.stored().isEmpty();
    }

    /** Stores each snapshot as {@link #apply} would, all in one transaction. */
    public void applyAll(List<JobSnapshot> snapshots) {
        Written written = inWriteTransaction(() -> write(List.of(), snapshots));
        tellListeners(written);
    }

    /**
     * Stores jobs as {@code QUEUED} whose requests Kafka acknowledged on their jobs topic: the
     * gateway's read-your-writes, the same rows the projection writes when it reads the requests.
     *
     * @return the jobs' {@code QUEUED} snapshots, in the order of the requests
     */
    public List<JobSnapshot> applyQueued(List<JobRequest> acknowledged) {
        List<JobSnapshot> queued = acknowledged.stream().map(JobSnapshot::queued).toList();
        if (queued.isEmpty()) {
            return queued;
        }
        QueuedWrite mine = new QueuedWrite(queued, new CompletableFuture<>());
        queuedWrites.add(mine);
        groupCommit.lock();
        try {
            if (!mine.done().isDone()) {
                writeQueuedGroup();
            }
        } finally {
            groupCommit.unlock();
        }
        try {
            mine.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return queued;
    }

    /**
     * Writes every submit queued so far in one transaction (group commit): concurrent submits
     * share one commit instead of queueing for the store one by one.
     */
    private void writeQueuedGroup() {
        List<QueuedWrite> group = new ArrayList<>();
        for (QueuedWrite write = queuedWrites.poll(); write != null; write = queuedWrites.poll()) {
            group.add(write);
        }
        List<JobSnapshot> all = group.stream().flatMap(write -> write.queued().stream()).toList();
        try {
            Written written = inWriteTransaction(() -> write(all, List.of()));
            tellListeners(written);
            if (queuedHere.size() > MAX_QUEUED_HERE) {
                // The projection is far behind or not running: forget, it then reads them as any.
                queuedHere.clear();
            }
            written.stored().forEach(job -> queuedHere.add(job.id()));
            group.forEach(write -> write.done().complete(null));
        } catch (RuntimeException e) {
            group.forEach(write -> write.done().completeExceptionally(e));
        }
    }

    /** One submit's jobs, waiting for the group commit that stores them. */
    private record QueuedWrite(List<JobSnapshot> queued, CompletableFuture<Void> done) {
    }

    /**
     * Whether the projection may skip a request it reads, unread: this gateway stored its job as
     * queued already. Answers true once per job.
     */
    boolean storedHereAlready(String jobId) {
        return jobId != null && queuedHere.remove(jobId);
    }

    /**
     * Applies what a poll read, the requests (each as its job's {@code QUEUED} snapshot) before the
     * snapshots, and runs {@code alsoInTransaction}, all in one transaction; for the projection.
     * The outcome, and the snapshots the listeners hear of, are those of applying each in turn;
     * but the rows they touch are read with one query, each job's row is written once (with the
     * newest snapshot that applies), and the writes go as JDBC batches: a poll of thousands of
     * snapshots is a handful of statements, not two or three per snapshot.
     */
    void project(List<JobRequest> requests, List<JobSnapshot> snapshots, Runnable alsoInTransaction) {
        Written written = inWriteTransaction(() -> {
            Written changed = write(requests.stream().map(JobSnapshot::queued).toList(), snapshots);
            alsoInTransaction.run();
            return changed;
        });
        tellListeners(written);
    }

    private void tellListeners(Written written) {
        written.news().forEach(snapshot -> listeners.forEach(listener -> listener.stored(snapshot)));
    }

    /**
     * What a write did: the snapshots it stored and, in their order, those this gateway's
     * listeners are to hear of. In a store of its own, they are the same. In a shared store, the
     * listeners also hear of a snapshot that another gateway stored first (the row holds its very
     * version): this gateway's streams of that job would miss it otherwise.
     */
    private record Written(List<JobSnapshot> stored, List<JobSnapshot> news) {
    }

    /**
     * Writes what of these requests' {@code QUEUED} snapshots and other snapshots applies, in their
     * order, to the rule of {@link #apply}: the rows they touch read with one query, each job's
     * row written once, the writes as JDBC batches. A row that a store of an earlier version took
     * as {@code QUEUED} from a snapshot alone is marked enqueued once its request is seen.
     */
    private Written write(List<JobSnapshot> queuedFromRequests, List<JobSnapshot> given) {
        List<JobSnapshot> snapshots = new ArrayList<>(queuedFromRequests.size() + given.size());
        snapshots.addAll(queuedFromRequests);
        snapshots.addAll(given);
        Map<String, StoredVersion> current = storedVersions(snapshots.stream().map(JobSnapshot::id).distinct().toList());
        Map<String, StoredVersion> before = Map.copyOf(current);
        Map<String, JobSnapshot> newest = new LinkedHashMap<>();
        List<JobSnapshot> changed = new ArrayList<>();
        List<JobSnapshot> news = new ArrayList<>();
        for (JobSnapshot snapshot : snapshots) {
            StoredVersion stored = current.get(snapshot.id());
            if (stored == null || stored.isReplacedBy(snapshot)) {
                current.put(snapshot.id(), StoredVersion.of(snapshot));
                newest.put(snapshot.id(), snapshot);
                changed.add(snapshot);
                news.add(snapshot);
            } else if (writers.isShared() && stored == before.get(snapshot.id()) && stored.version() == snapshot.version()) {
                news.add(snapshot);
            }
        }
        Set<String> existing = before.keySet();
        List<JobSnapshot> updates = newest.values().stream().filter(s -> existing.contains(s.id())).toList();
        List<JobSnapshot> inserts = newest.values().stream().filter(s -> !existing.contains(s.id())).toList();
        Instant now = Instant.now();
        batches.batchUpdate("""
                UPDATE jobs SET type = ?, queue = ?, status = ?, attempt = ?, version = ?, submitted_at = ?,
                                updated_at = ?, snapshot = ?, reopenable = ?
                WHERE id = ?""", updates.stream().map(u -> new Object[] {u.type(), u.queue(), u.status().name(),
                u.attempt(), u.version(), utc(u.submittedAt()), utc(now), json(u), u.isNotEnqueued(), u.id()}).toList());
        batches.batchUpdate("""
                INSERT INTO jobs (id, type, queue, status, attempt, version, submitted_at, updated_at, snapshot,
                                  template_id, submitted_by, reopenable)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", inserts.stream().map(i -> new Object[] {i.id(),
                i.type(), i.queue(), i.status().name(), i.attempt(), i.version(), utc(i.submittedAt()), utc(now),
                json(i), i.origin().templateId(), i.submittedBy(), i.isNotEnqueued()}).toList());
        batches.batchUpdate("INSERT INTO job_labels (job_id, label_key, label_value) VALUES (?, ?, ?)",
                inserts.stream().flatMap(i -> i.labels().entrySet().stream()
                        .map(label -> new Object[] {i.id(), label.getKey(), label.getValue()})).toList());
        List<Object[]> nowEnqueued = queuedFromRequests.stream().map(JobSnapshot::id).distinct()
                .filter(id -> before.containsKey(id) && !before.get(id).enqueued())
                .map(id -> new Object[] {id}).toList();
        batches.batchUpdate("UPDATE jobs SET enqueued = TRUE WHERE id = ?", nowEnqueued);
        return new Written(changed, news);
    }

    /** What decides whether a snapshot replaces a stored one, for the rows of these jobs that exist. */
    private Map<String, StoredVersion> storedVersions(List<String> ids) {
        Map<String, StoredVersion> versions = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_READ) {
            jdbc.sql("SELECT id, version, status, reopenable, enqueued FROM jobs WHERE id IN (:ids)")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + IDS_PER_READ)))
                    .query((row, n) -> versions.put(row.getString("id"), new StoredVersion(row.getLong("version"),
                            JobStatus.valueOf(row.getString("status")), row.getBoolean("reopenable"),
                            row.getBoolean("enqueued"))))
                    .list();
        }
        return versions;
    }

    /**
     * The rule of {@link #apply}: a higher version replaces a job that may still change.
     *
     * @param enqueued false only for a row that a store of an earlier version took as
     *     {@code QUEUED} from a snapshot, until its request is seen
     */
    private record StoredVersion(long version, JobStatus status, boolean reopenable, boolean enqueued) {

        static StoredVersion of(JobSnapshot snapshot) {
            return new StoredVersion(snapshot.version(), snapshot.status(), snapshot.isNotEnqueued(), true);
        }

        boolean isReplacedBy(JobSnapshot snapshot) {
            return snapshot.version() > version && (!status.isFinal() || reopenable);
        }
    }

    private static String json(JobSnapshot snapshot) {
        return new String(ConveyorJson.mapper().writeValueAsBytes(snapshot), StandardCharsets.UTF_8);
    }

    private <T> T inWriteTransaction(Supplier<T> work) {
        return writers.inWriteTransaction(work);
    }

    /**
     * Jobs {@code QUEUED} here, submitted before {@code submittedBefore}, whose request was never
     * seen on a jobs topic: rows a store of the first record format took from a snapshot alone.
     */
    @Transactional(readOnly = true)
    public List<JobSnapshot> unprovenQueued(Instant submittedBefore, int limit) {
        return jdbc.sql("SELECT snapshot FROM jobs WHERE status = 'QUEUED' AND NOT enqueued AND submitted_at < ?"
                        + " ORDER BY submitted_at LIMIT ?")
                .params(utc(submittedBefore), limit).query(String.class).list().stream().map(JobStore::snapshotOf)
                .toList();
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
