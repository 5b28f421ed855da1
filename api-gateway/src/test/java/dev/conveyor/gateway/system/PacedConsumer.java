package dev.conveyor.gateway.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's {@link MockConsumer}, whose {@code poll} answers at once, paced like a real consumer: an
 * empty poll takes a moment, so that a follower that polls in a loop does not spin a core.
 */
public class PacedConsumer<K, V> extends MockConsumer<K, V> {

    private static final Duration EMPTY_POLL = Duration.ofMillis(20);

    public PacedConsumer() {
        super("earliest");
    }

    /** A consumer of a one-partition topic that ends at offset 0. */
    public static <K, V> PacedConsumer<K, V> ofAnEmptyTopic(String topic) {
        PacedConsumer<K, V> consumer = new PacedConsumer<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(partition, 0L));
        consumer.updateEndOffsets(Map.of(partition, 0L));
        return consumer;
    }

    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        ConsumerRecords<K, V> records = super.poll(timeout);
        if (records.isEmpty()) {
            LockSupport.parkNanos(Math.min(timeout.toNanos(), EMPTY_POLL.toNanos()));
        }
        return records;
    }
}
