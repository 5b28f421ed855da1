package dev.conveyor.worker.consumption;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Which records of one partition this worker received and has not finished, so that it commits
 * only the contiguous finished prefix: records finish in any order, and a commit never covers a
 * record that is still running.
 *
 * <p>Confined to the polling thread; not thread-safe.
 */
final class PartitionProgress {

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long afterLastReceived = -1;
    private long committed = -1;

    void received(long offset) {
        unfinished.add(offset);
        afterLastReceived = Math.max(afterLastReceived, offset + 1);
    }

    void finished(long offset) {
        unfinished.remove(offset);
    }

    int unfinishedCount() {
        return unfinished.size();
    }

    /** The offset to commit now (the lowest unfinished one, or the one after the last received), if it moved. */
    OptionalLong toCommit() {
        long next = unfinished.isEmpty() ? afterLastReceived : unfinished.first();
        return next > committed ? OptionalLong.of(next) : OptionalLong.empty();
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }
}
