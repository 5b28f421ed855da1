package dev.conveyor.gateway.queues;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where one queue stands at one moment, summed over the partitions of its two topics. A partition
 * where the workers committed nothing yet counts from its beginning offset: all of it is waiting.
 *
 * @param enqueued the end offsets of the jobs topic: every request ever put on the queue
 * @param taken the workers' committed offsets on the jobs topic: every request they finished with
 * @param retryEnqueued the end offsets of the retries topic
 * @param retryTaken the workers' committed offsets on the retries topic
 */
record QueueOffsets(long enqueued, long taken, long retryEnqueued, long retryTaken) {

    /** Requests on the queue that no worker finished. */
    long depth() {
        return Math.max(0, enqueued - taken);
    }

    /** Requests waiting for their next attempt that no worker finished. */
    long retrying() {
        return Math.max(0, retryEnqueued - retryTaken);
    }

    /** The sum of end offsets of some partitions. */
    static long ends(Collection<TopicPartition> partitions, Map<TopicPartition, Long> endOffsets) {
        return partitions.stream().mapToLong(tp -> endOffsets.getOrDefault(tp, 0L)).sum();
    }

    /** The sum of committed offsets of some partitions, each partition's beginning where none is committed. */
    static long committed(Collection<TopicPartition> partitions, Map<TopicPartition, OffsetAndMetadata> committed,
            Map<TopicPartition, Long> beginningOffsets) {
        return partitions.stream().mapToLong(tp -> {
            OffsetAndMetadata offset = committed.get(tp);
            return offset != null ? offset.offset() : beginningOffsets.getOrDefault(tp, 0L);
        }).sum();
    }
}
