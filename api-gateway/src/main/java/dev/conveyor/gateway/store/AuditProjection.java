package dev.conveyor.gateway.store;

import dev.conveyor.common.audit.AuditEntry;
import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/** Projects the audit topic into the {@link AuditLog}. */
@Component
class AuditProjection extends TopicProjection {

    private static final Logger log = LoggerFactory.getLogger(AuditProjection.class);

    private final AuditLog audit;

    AuditProjection(ConsumerFactory<String, byte[]> consumers, AuditLog audit, ProjectionOffsets offsets,
            KafkaAdmin admin, Topics topics) {
        super(consumers, admin, offsets, List.of(topics.audit()), "audit-projection");
        this.audit = audit;
    }

    @Override
    protected void project(ConsumerRecords<String, byte[]> records, Runnable saveOffsets) {
        List<AuditEntry> entries = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                if (record.value() != null) {
                    entries.add(JsonSerde.read(record.value(), AuditEntry.class));
                }
            } catch (SerializationException e) {
                log.warn("Skipping unreadable audit entry at {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        audit.addAll(entries, saveOffsets);
    }
}
