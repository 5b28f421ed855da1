package dev.conveyor.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * What the projection takes for a job's being queued: its request on a jobs topic, never a
 * snapshot on the results topic.
 */
class JobsProjectionTests {

    private static final Topics TOPICS = new Topics("conveyor");
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final DataSource db = TestStores.anEmptyH2();
    private final JobStore store = TestStores.aJobStoreOn(db);
    private final ProjectionOffsets offsets = new ProjectionOffsets(JdbcClient.create(db));
    @SuppressWarnings("unchecked")
    private final JobsProjection projection = new JobsProjection(mock(ConsumerFactory.class), store, offsets,
            mock(KafkaAdmin.class), TOPICS, new Binder(new MapConfigurationPropertySource(
                    Map.of("conveyor.gateway.queues", "default,reports")))
                    .bindOrCreate("conveyor.gateway", Bindable.of(GatewayProperties.class)));
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    private static JobRequest aRequest(String id, String queue) {
        return new JobRequest(id, "noop", null, queue, null, 1, null, "alice", T0, null, null, null);
    }

    private void onTopic(String topic, String key, Object value) {
        records.add(new ConsumerRecord<>(topic, 0, records.size(), key, JsonSerde.write(value)));
    }

    private void project() {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new java.util.LinkedHashMap<>();
        records.forEach(r -> byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
                tp -> new ArrayList<>()).add(r));
        projection.project(new ConsumerRecords<>(byPartition, Map.of()), () -> { });
    }

    @Test
    void aRequestOnAnyOfTheQueuesTopicsMakesItsJobQueued() {
        onTopic(TOPICS.jobs("default"), "a", aRequest("a", "default"));
        onTopic(TOPICS.jobs("reports"), "b", aRequest("b", "reports"));

        project();

        assertThat(store.find("a")).hasValueSatisfying(job -> assertThat(job.status()).isEqualTo(JobStatus.QUEUED));
        assertThat(store.find("b")).hasValueSatisfying(job -> assertThat(job.queue()).isEqualTo("reports"));
    }

    @Test
    void aQueuedSnapshotAloneIsNoProofOfQueuingNorIsADeadNotEnqueuedOne() {
        // What a gateway of the first record format left when its request's send expired.
        onTopic(TOPICS.jobResults(), "a", JobSnapshot.queued(aRequest("a", "default")));
        JobSnapshot notEnqueued = JobSnapshot.queued(aRequest("b", "default"))
                .toUnsuccessful(JobStatus.DEAD, new JobError(JobError.NOT_ENQUEUED, "no ack"), T0);
        onTopic(TOPICS.jobResults(), "b", notEnqueued);

        project();

        assertThat(store.find("a")).as("a retry must publish it").isEmpty();
        assertThat(store.find("b")).as("it may run all the same: its request and workers tell").isEmpty();
    }

    @Test
    void aWorkersSnapshotAppliesWhateverTheOrderOfTopics() {
        JobRequest request = aRequest("a", "default");
        onTopic(TOPICS.jobResults(), "a", JobSnapshot.running(request, "w1", T0).toSucceeded(null, T0));
        onTopic(TOPICS.jobs("default"), "a", request);

        project();

        assertThat(store.find("a")).hasValueSatisfying(job -> assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED));
    }

    @Test
    void aRowTakenFromASnapshotByAnEarlierStoreIsMarkedEnqueuedOnceItsRequestIsSeen() {
        JobRequest request = aRequest("a", "default");
        JdbcClient jdbc = JdbcClient.create(db);
        store.applyAll(List.of(JobSnapshot.queued(request)));
        jdbc.sql("UPDATE jobs SET enqueued = FALSE").update(); // as migration V4 leaves such a row
        assertThat(store.unprovenQueued(T0.plusSeconds(1), 10)).extracting(JobSnapshot::id).containsExactly("a");

        onTopic(TOPICS.jobs("default"), "a", request);
        project();

        assertThat(store.unprovenQueued(T0.plusSeconds(1), 10)).isEmpty();
    }

    @Test
    void aRequestThisGatewayStoredItselfIsSkippedOnceThenReadLikeAnyOther() {
        store.applyQueued(List.of(aRequest("a", "default")));

        assertThat(store.storedHereAlready("a")).as("its row is there: skip it").isTrue();
        assertThat(store.storedHereAlready("a")).as("a second request of it is read").isFalse();
        assertThat(store.storedHereAlready("b")).isFalse();
    }
}
