package dev.conveyor.gateway.workers;

import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.common.workers.WorkerHeartbeat;
import dev.conveyor.gateway.system.TopicFollower;
import dev.conveyor.gateway.system.TopicListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Follows the workers topic into {@link LiveWorkers}: the compacted topic holds the latest
 * heartbeat or tombstone of every worker.
 */
@Component
class WorkersListener extends TopicListener {

    private static final Logger log = LoggerFactory.getLogger(WorkersListener.class);

    private final LiveWorkers workers;

    WorkersListener(ConsumerFactory<String, byte[]> consumers, LiveWorkers workers, Topics topics) {
        this.workers = workers;
        follow(new TopicFollower(consumers, topics.workers(), workers::forgetAll, this::take));
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            workers.signedOff(record.key());
            return;
        }
        try {
            workers.heard(JsonSerde.read(record.value(), WorkerHeartbeat.class));
        } catch (SerializationException e) {
            log.warn("Skipping unreadable heartbeat at {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
        }
    }
}
