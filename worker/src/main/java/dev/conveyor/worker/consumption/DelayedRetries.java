package dev.conveyor.worker.consumption;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.kafka.common.TopicPartition;

/**
 * Retry requests fetched before their time, held by due time without taking a slot. Confined to
 * the polling thread.
 */
final class DelayedRetries {

    private record Delayed(Instant due, Pending pending) {
    }

    private final PriorityQueue<Delayed> byDueTime = new PriorityQueue<>(Comparator.comparing(Delayed::due));

    void hold(Pending pending, Instant due) {
        byDueTime.add(new Delayed(due, pending));
    }

    /** Removes and returns the requests due at {@code now}, earliest first. */
    List<Pending> due(Instant now) {
        List<Pending> due = new ArrayList<>();
        while (!byDueTime.isEmpty() && !byDueTime.peek().due().isAfter(now)) {
            due.add(byDueTime.poll().pending());
        }
        return due;
    }

    void forget(Collection<TopicPartition> partitions) {
        byDueTime.removeIf(d -> partitions.contains(d.pending().partition()));
    }

    int size() {
        return byDueTime.size();
    }
}
