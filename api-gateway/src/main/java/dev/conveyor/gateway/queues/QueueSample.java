package dev.conveyor.gateway.queues;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The offsets of every queue at one moment.
 *
 * @param at when they were read
 * @param queues by queue name
 */
record QueueSample(Instant at, Map<String, QueueOffsets> queues) {

    /**
     * How fast a count of one queue grew from {@code earlier} to this sample, per second, to two
     * decimals; 0 without an earlier sample (or one that does not know the queue).
     */
    double perSecond(QueueSample earlier, String queue, ToLongFunction<QueueOffsets> count) {
        if (earlier == null || !earlier.queues.containsKey(queue) || !queues.containsKey(queue)) {
            return 0;
        }
        long millis = Duration.between(earlier.at, at).toMillis();
        if (millis <= 0) {
            return 0;
        }
        // A count that went down (a topic deleted and created again) is no negative rate.
        long growth = Math.max(0, count.applyAsLong(queues.get(queue)) - count.applyAsLong(earlier.queues.get(queue)));
        return Math.round(growth * 100_000.0 / millis) / 100.0;
    }
}
