package dev.conveyor.gateway.store;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.system.GatewayProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Projects job state into the {@link JobStore}, a poll at a time: the requests on the jobs topics
 * of the gateway's queues (a job is {@code QUEUED} once its request is there) and the snapshots
 * on the results topic (what workers, and gateways canceling, made of it).
 *
 * <p>A {@code QUEUED} snapshot on the results topic is never taken: only a request on a jobs topic
 * proves that a job was queued. Gateways of the first record format published one before the
 * request, and an expired or unanswered send of the request left it there alone; the store
 * showed such a job queued although no worker would ever see it. For the same reason a
 * {@code DEAD} {@code not-enqueued} snapshot, which such a gateway published when it could not
 * tell whether its request had reached Kafka, is not taken either: whether the job runs is what its
 * request and the workers say.
 *
 * <p>A request this gateway published and stored itself is skipped unread: its row is there.
 */
@Component
class JobsProjection extends TopicProjection implements StoreReadiness {

    private static final Logger log = LoggerFactory.getLogger(JobsProjection.class);

    private final JobStore store;
    private final String resultsTopic;

    JobsProjection(ConsumerFactory<String, byte[]> consumers, JobStore store, ProjectionOffsets offsets,
            KafkaAdmin admin, Topics topics, GatewayProperties properties) {
        super(consumers, admin, offsets, Stream.concat(Stream.of(topics.jobResults()),
                properties.queues().stream().map(topics::jobs)).toList(), "jobs-projection");
        this.store = store;
        this.resultsTopic = topics.jobResults();
    }

    @Override
    public boolean isCaughtUp() {
        return super.isCaughtUp();
    }

    @Override
    protected void project(ConsumerRecords<String, byte[]> records, Runnable saveOffsets) {
        List<JobRequest> requests = new ArrayList<>();
        List<JobSnapshot> snapshots = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                if (record.topic().equals(resultsTopic)) {
                    JobSnapshot snapshot = JsonSerde.read(record.value(), JobSnapshot.class);
                    if (snapshot.status() != JobStatus.QUEUED && !snapshot.isNotEnqueued()) {
                        snapshots.add(snapshot);
                    }
                } else if (!store.storedHereAlready(record.key())) {
                    requests.add(JsonSerde.read(record.value(), JobRequest.class));
                }
            } catch (SerializationException e) {
                log.warn("Skipping unreadable record at {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                        record.offset(), record.key(), e.getMessage());
            }
        }
        store.project(requests, snapshots, saveOffsets);
    }
}
