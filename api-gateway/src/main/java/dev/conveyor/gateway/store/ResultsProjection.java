package dev.conveyor.gateway.store;

import dev.conveyor.common.jobs.JobSnapshot;
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

/** Projects {@code conveyor.job-results} into the {@link JobStore}, a poll's snapshots at a time. */
@Component
class ResultsProjection extends TopicProjection {

    private static final Logger log = LoggerFactory.getLogger(ResultsProjection.class);

    private final JobStore store;

    ResultsProjection(ConsumerFactory<String, byte[]> consumers, JobStore store, ProjectionOffsets offsets,
            KafkaAdmin admin, Topics topics) {
        super(consumers, admin, offsets, topics.jobResults(), "results-projection");
        this.store = store;
    }

    @Override
    protected void project(ConsumerRecords<String, byte[]> records, Runnable saveOffsets) {
        List<JobSnapshot> snapshots = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                snapshots.add(JsonSerde.read(record.value(), JobSnapshot.class));
            } catch (SerializationException e) {
                log.warn("Skipping unreadable snapshot at {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                        record.offset(), record.key(), e.getMessage());
            }
        }
        store.applyAll(snapshots, saveOffsets);
    }
}
