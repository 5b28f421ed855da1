package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.kafka.RecordFormat;
import dev.conveyor.common.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A rolling upgrade from record format 1 to 2 on one cluster: a gateway of format 2 beside one of
 * format 1, a worker of format 2 beside one of format 1, and every job, whoever queued it and
 * whoever ran it, ends exactly once in the results and the store.
 *
 * <p>The format-1 gateway is played by a plain producer doing what it did on Kafka: each job's
 * {@code QUEUED} snapshot on the results topic, awaited, then its request; and, for a request it
 * could not see acknowledged, a {@code DEAD} {@code not-enqueued} snapshot although the request
 * reached Kafka. The format-1 worker is today's worker as that format ran it: {@code RUNNING} at
 * each start, no format header. Only the submit protocol and {@code RUNNING}'s timing differ
 * between the formats, so that is what the two play.
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
class RecordFormatUpgradeTests {

    private static final String PREFIX = "upgrade-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Topics TOPICS = new Topics(PREFIX);
    private static final int JOBS_PER_GATEWAY = 60;

    private static TestKafka kafka;
    private static ConfigurableApplicationContext gateway;
    private static final List<ConfigurableApplicationContext> workers = new ArrayList<>();
    private static Api api;

    @BeforeAll
    static void startMixedParts(EmbeddedKafkaBroker broker, @TempDir Path dataDir) {
        String brokers = broker.getBrokersAsString();
        kafka = new TestKafka(brokers);
        // Two partitions, so that each worker has one.
        workers.add(ConveyorApps.worker(brokers, PREFIX, "format-2-worker", "--conveyor.topics.partitions=2"));
        workers.add(ConveyorApps.worker(brokers, PREFIX, "format-1-worker", "--conveyor.topics.partitions=2",
                "--conveyor.worker.running-snapshot-after=PT0S",
                "--spring.kafka.producer.properties.interceptor.classes="));
        gateway = ConveyorApps.gateway(brokers, PREFIX, dataDir, "--conveyor.topics.partitions=2");
        api = Api.onPort(ConveyorApps.port(gateway));
        kafka.awaitEachMemberAssigned(ConveyorApps.workerGroup(PREFIX), TOPICS.jobs("default"), 2);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        workers.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void jobsOfBothFormatsOnWorkersOfBothFormatsEachEndExactlyOnce() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < JOBS_PER_GATEWAY; i++) {
            ids.add(api.submit("{\"type\":\"sleep\",\"params\":{\"duration\":\"PT0.05S\"}}"));
        }
        List<JobRequest> firstFormat = IntStream.range(0, JOBS_PER_GATEWAY).mapToObj(i -> aSleep()).toList();
        for (JobRequest request : firstFormat) {
            kafka.sendJson(TOPICS.jobResults(), JobSnapshot::id, List.of(JobSnapshot.queued(request)));
            kafka.sendJson(TOPICS.jobs("default"), JobRequest::id, List.of(request));
            ids.add(request.id());
        }
        // A format-1 gateway whose acknowledgement expired: DEAD not-enqueued, yet the request is on Kafka.
        JobRequest ambiguous = aSleep();
        kafka.sendJson(TOPICS.jobs("default"), JobRequest::id, List.of(ambiguous));
        kafka.sendJson(TOPICS.jobResults(), JobSnapshot::id, List.of(JobSnapshot.queued(ambiguous)
                .toUnsuccessful(JobStatus.DEAD, new JobError(JobError.NOT_ENQUEUED, "no ack"), Instant.now())));
        ids.add(ambiguous.id());

        await("every job SUCCEEDED in the store").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300))
                .until(() -> ids.stream().allMatch(id -> api.statusOf(id).equals("SUCCEEDED")));

        List<ConsumerRecord<String, byte[]>> results = kafka.readAll(TOPICS.jobResults(), 2, ids.size());
        ResultsLog log = ResultsLog.read(kafka.brokers(), TOPICS.jobResults());
        for (String id : ids) {
            assertThat(log.ends(id)).as("ends of %s", id).filteredOn(end -> end.status() != JobStatus.DEAD)
                    .singleElement().satisfies(end -> assertThat(end.status()).isEqualTo(JobStatus.SUCCEEDED));
        }
        assertThat(ids).as("both workers ran jobs of both gateways")
                .anyMatch(id -> log.ends(id).getLast().workerId().equals("format-1-worker"))
                .anyMatch(id -> log.ends(id).getLast().workerId().equals("format-2-worker"));
        assertThat(results).as("format-2 parts mark their records; format-1 ones do not")
                .anyMatch(r -> RecordFormat.of(r.headers()) == 2)
                .anyMatch(r -> RecordFormat.of(r.headers()) == 1 && r.headers().lastHeader("traceparent") != null);
    }

    private static JobRequest aSleep() {
        return new JobRequest(UUID.randomUUID().toString(), "sleep",
                ConveyorJson.mapper().readTree("{\"duration\":\"PT0.05S\"}"), "default", null,
                1, null, "format-1-gateway", Instant.now(), null, null, null);
    }
}
