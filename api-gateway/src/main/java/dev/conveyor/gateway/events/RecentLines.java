package dev.conveyor.gateway.events;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The latest lines of the job-events topic that this gateway's tail passed on, at most
 * {@code capacity} of them over all jobs, the oldest dropped first: what resumed streams replay,
 * from memory, so that a resume costs no consumer and no read of Kafka however old its id. Per
 * partition it knows from which offset on it holds every line; an older id is told so rather
 * than answered with lines that may have gaps. Thread-safe.
 */
final class RecentLines {

    /**
     * What a stream resumed after an event id replays.
     *
     * @param lines the job's lines after that id, oldest first
     * @param heldFrom the offset from which on every line of the partition is held
     * @param complete whether the lines are all the job wrote after that id; if not, those before
     *     {@code heldFrom} are no longer held
     */
    record Replay(List<EventLine> lines, long heldFrom, boolean complete) {
    }

    private final int capacity;
    private final ArrayDeque<EventLine> lines = new ArrayDeque<>();
    private final Map<String, ArrayDeque<EventLine>> byJob = new HashMap<>();
    /** Per partition, the offset from which on every line is held. */
    private final Map<Integer, Long> heldFrom = new HashMap<>();
    /** Per partition, the offset after the last line passed on. */
    private final Map<Integer, Long> next = new HashMap<>();

    RecentLines(int capacity) {
        this.capacity = capacity;
    }

    /** The tail (re)starts at these offsets, by partition: nothing before is held any longer. */
    synchronized void restart(Map<Integer, Long> positions) {
        lines.clear();
        byJob.clear();
        heldFrom.clear();
        heldFrom.putAll(positions);
        next.clear();
        next.putAll(positions);
    }

    synchronized void add(EventLine line) {
        next.merge(line.partition(), line.offset() + 1, Math::max);
        if (capacity == 0) {
            heldFrom.merge(line.partition(), line.offset() + 1, Math::max);
            return;
        }
        if (lines.size() == capacity) {
            drop(lines.removeFirst());
        }
        lines.addLast(line);
        byJob.computeIfAbsent(line.jobId(), id -> new ArrayDeque<>()).addLast(line);
    }

    private void drop(EventLine oldest) {
        ArrayDeque<EventLine> ofJob = byJob.get(oldest.jobId());
        ofJob.removeFirst();
        if (ofJob.isEmpty()) {
            byJob.remove(oldest.jobId());
        }
        heldFrom.merge(oldest.partition(), oldest.offset() + 1, Math::max);
    }

    /**
     * The offset of the last line passed on in {@code partition} (-1 before any), where a new
     * stream of one of its jobs starts; empty until the tail has started.
     */
    synchronized OptionalLong last(int partition) {
        Long after = next.get(partition);
        return after == null ? OptionalLong.empty() : OptionalLong.of(after - 1);
    }

    /** The lines of {@code jobId}, in {@code partition}, after offset {@code after}. */
    synchronized Replay after(String jobId, int partition, long after) {
        long from = heldFrom.getOrDefault(partition, Long.MAX_VALUE);
        List<EventLine> ofJob = byJob.getOrDefault(jobId, new ArrayDeque<>()).stream()
                .filter(line -> line.offset() > after).toList();
        return new Replay(ofJob, from, after + 1 >= from);
    }
}
