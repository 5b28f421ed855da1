package dev.conveyor.gateway.events;

import dev.conveyor.common.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads again, from Kafka, the lines of one job that a resumed stream missed: any gateway can
 * resume any stream, since the offsets it hands out as event ids are Kafka's.
 */
@Component
class MissedEvents {

    private static final Duration POLL = Duration.ofMillis(200);
    /** A resume that cannot read its lines within this long goes on without them. */
    private static final Duration AT_MOST = Duration.ofSeconds(10);

    private final ConsumerFactory<String, byte[]> consumers;
    private final String topic;
    private final AtomicLong readers = new AtomicLong();

    MissedEvents(ConsumerFactory<String, byte[]> consumers, Topics topics) {
        this.consumers = consumers;
        this.topic = topics.jobEvents();
    }

    /** The lines of {@code jobId} at offsets from {@code from} up to, not including, {@code until}. */
    List<EventLine> read(String jobId, int partition, long from, long until) {
        List<EventLine> lines = new ArrayList<>();
        if (from >= until) {
            return lines;
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        try (Consumer<String, byte[]> c = consumers.createConsumer(null, "conveyor-gateway-events-replay",
                "-" + readers.incrementAndGet())) {
            c.assign(List.of(tp));
            // Lines past the topic's retention are gone: start at the oldest still there.
            c.seek(tp, Math.max(from, c.beginningOffsets(List.of(tp)).get(tp)));
            Instant deadline = Instant.now().plus(AT_MOST);
            while (c.position(tp) < until && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                    if (record.offset() < until && jobId.equals(record.key())) {
                        EventLine.of(record).ifPresent(lines::add);
                    }
                }
            }
        }
        return lines;
    }
}
