package dev.conveyor.worker.consumption;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * What this worker did with the records of one partition, so that it commits only the
 * contiguous finished prefix (records finish in any order, and a commit never covers a record
 * that is still running) and tells the next owner, in the commit's metadata, what happened
 * beyond it: which records finished and which had started.
 *
 * <p>Confined to the polling thread; not thread-safe.
 */
final class PartitionProgress {

    /** What a received record needs. */
    enum Arrival {
        /** Never started before: run it. */
        NEW,
        /** Started by an earlier owner that did not finish it: run it as a further attempt. */
        STARTED_BEFORE,
        /** Finished by an earlier owner after its last commit: skip it. */
        FINISHED_BEFORE,
        /**
         * The first record since the partition was taken on lies beyond its last commit: the
         * consumer resumed from a position of its own (a partition lost and given back to the same
         * member keeps its fetch position), so the records between would be committed unseen. Read
         * again from {@link #resumeFrom()}.
         */
        BEYOND_LAST_COMMIT
    }

    /** Finished records further than this beyond the prefix are not remembered: they may run again. */
    private static final long MAX_SPAN = 1 << 16;

    private final NavigableSet<Long> unfinished = new TreeSet<>();
    /** Started here and not finished, with the job id each runs. */
    private final Map<Long, String> running = new HashMap<>();
    /**
     * Not finished, and their {@code RUNNING} snapshot is in Kafka: what the commit metadata calls
     * started, so that the next owner runs them as a further attempt. A job that ends with its
     * worker before its start was announced runs again as the same attempt, which the results'
     * versions make harmless.
     */
    private final NavigableSet<Long> announced = new TreeSet<>();
    private final NavigableSet<Long> inheritedFinished;
    private final NavigableSet<Long> inheritedStarted;
    private long afterLastReceived;
    private OffsetAndMetadata committed;
    /** Whether anything changed since the last commit was computed: computing one is not free. */
    private boolean changed = true;
    /** Whether the first record since the partition was taken on was checked against its last commit. */
    private boolean checkedStart;

    private PartitionProgress(long committedOffset, OffsetMetadata inherited) {
        this.inheritedFinished = new TreeSet<>(inherited.finished());
        this.inheritedStarted = new TreeSet<>(inherited.started());
        this.afterLastReceived = committedOffset;
        this.committed = committedOffset < 0 ? null : new OffsetAndMetadata(committedOffset, inherited.encode(
                committedOffset));
    }

    /** A partition nobody committed to yet. */
    static PartitionProgress fresh() {
        return new PartitionProgress(-1, OffsetMetadata.NONE);
    }

    /** A partition taken over from its last commit. */
    static PartitionProgress from(OffsetAndMetadata commit) {
        return commit == null ? fresh()
                : new PartitionProgress(commit.offset(), OffsetMetadata.decode(commit.metadata(), commit.offset()));
    }

    Arrival received(long offset) {
        if (!checkedStart) {
            checkedStart = true;
            // Once only: a log whose records up to here were deleted (retention) starts beyond the commit.
            if (afterLastReceived >= 0 && offset > afterLastReceived) {
                return Arrival.BEYOND_LAST_COMMIT;
            }
        }
        changed = true;
        afterLastReceived = Math.max(afterLastReceived, offset + 1);
        if (inheritedFinished.remove(offset)) {
            return Arrival.FINISHED_BEFORE;
        }
        unfinished.add(offset);
        return inheritedStarted.remove(offset) ? Arrival.STARTED_BEFORE : Arrival.NEW;
    }

    /** Where to read again from after {@link Arrival#BEYOND_LAST_COMMIT}: the last commit. */
    long resumeFrom() {
        return afterLastReceived;
    }

    void started(long offset, String jobId) {
        running.put(offset, jobId);
    }

    void announced(long offset) {
        if (unfinished.contains(offset)) {
            announced.add(offset);
            changed = true;
        }
    }

    void finished(long offset) {
        changed = true;
        unfinished.remove(offset);
        running.remove(offset);
        announced.remove(offset);
    }

    /** A record that will not be run here after all (its partition is being handed over). */
    void abandoned(long offset) {
        running.remove(offset);
    }

    List<String> runningJobIds() {
        return List.copyOf(running.values());
    }

    int unfinishedCount() {
        return unfinished.size();
    }

    /** The commit to make now, if anything changed since the last: the finished prefix and what lies beyond it. */
    Optional<OffsetAndMetadata> toCommit() {
        if (afterLastReceived < 0 || !changed) {
            return Optional.empty();
        }
        changed = false;
        long next = unfinished.isEmpty() ? afterLastReceived : unfinished.first();
        NavigableSet<Long> finishedBeyond = new TreeSet<>(inheritedFinished);
        long end = Math.min(afterLastReceived, next + MAX_SPAN);
        for (long offset = next; offset < end; offset++) {
            if (!unfinished.contains(offset)) {
                finishedBeyond.add(offset);
            }
        }
        NavigableSet<Long> startedBeyond = new TreeSet<>(inheritedStarted);
        startedBeyond.addAll(announced);
        OffsetAndMetadata commit = new OffsetAndMetadata(next,
                new OffsetMetadata(finishedBeyond, startedBeyond).encode(next));
        return commit.equals(committed) ? Optional.empty() : Optional.of(commit);
    }

    /** What was committed last, or {@code null} when the last commit failed. */
    void committed(OffsetAndMetadata commit) {
        committed = commit;
        changed |= commit == null;
    }
}
