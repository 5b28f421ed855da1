package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.common.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Gateway and worker together on an embedded KRaft broker: submit over REST, run on the worker,
 * project the result, query it. One partition per topic, so the ordering claims are sharp.
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false") // every topic must be declared
@ExtendWith(OutputCaptureExtension.class)
class JobFlowTests {

    private static final String PREFIX = "flow-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String GROUP = PREFIX + "-workers"; // as ConveyorApps names it
    private static final Topics TOPICS = new Topics(PREFIX);

    private static String brokers;
    private static TestKafka kafka;
    private static ConfigurableApplicationContext gateway;
    private static ConfigurableApplicationContext worker;
    private static Api api;

    @BeforeAll
    static void startGatewayAndWorker(EmbeddedKafkaBroker broker, @TempDir Path dataDir) {
        brokers = broker.getBrokersAsString();
        kafka = new TestKafka(brokers);
        worker = startWorker();
        gateway = startGateway(dataDir);
        api = Api.onPort(port(gateway));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void aSubmittedJobRunsOnTheWorkerAndItsResultIsQueryable() {
        Api.Response accepted = api.post("/api/v1/jobs", """
                {"type":"sleep","params":{"duration":"PT0.2S"},"labels":{"team":"flow"}}""");

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.location()).endsWith("/api/v1/jobs/" + accepted.json().get("id").asString());
        assertThat(accepted.json().get("status").asString()).isEqualTo("QUEUED");
        assertThat(api.get(accepted.location()).status()).as("read-your-writes").isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get(accepted.location()).json().get("status").asString()).isEqualTo("SUCCEEDED"));
        var job = api.get(accepted.location()).json();
        assertThat(job.get("workerId").asString()).isEqualTo("flow-worker");
        assertThat(job.get("result").get("slept").asString()).isEqualTo("PT0.2S");
        assertThat(job.get("labels").get("team").asString()).isEqualTo("flow");
        assertThat(job.get("submittedBy").asString()).as("the caller, by its token").isEqualTo("admin");
        assertThat(job.get("startedAt")).isNotNull();
        assertThat(job.get("finishedAt")).isNotNull();
    }

    @Test
    void aSlowJobDelaysNoJobBehindItAndItsOffsetIsCommittedOnlyOnceItEnds() throws Exception {
        awaitNothingUncommitted();
        long slowOffset = endOffset(TOPICS.jobs("default"));

        String slow = api.submit("""
                {"type":"sleep","params":{"duration":"PT1M"},"timeout":"PT6S"}""");
        String quick = api.submit("{\"type\":\"noop\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> api.statusOf(quick).equals("SUCCEEDED"));
        assertThat(api.statusOf(slow)).as("the slow job has not ended").isIn("QUEUED", "RUNNING");
        assertThat(committedOffset()).as("the quick job finished, but the slow one before it did not")
                .isEqualTo(slowOffset);

        await().atMost(Duration.ofSeconds(20)).until(() -> api.statusOf(slow).equals("TIMED_OUT"));
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == slowOffset + 2);
        assertThat(api.get("/api/v1/jobs/" + slow).json().get("error").get("kind").asString()).isEqualTo("timeout");
    }

    @Test
    void aJobThatFailsEndsFailedWithItsReason() {
        String id = api.submit("""
                {"type":"http","params":{"url":"http://localhost:%d/api/v1/jobs/nope","expectStatus":200}}"""
                .formatted(port(gateway)));

        await().atMost(Duration.ofSeconds(20)).until(() -> api.statusOf(id).equals("FAILED"));
        var error = api.get("/api/v1/jobs/" + id).json().get("error");
        assertThat(error.get("kind").asString()).isEqualTo("check-failed");
        assertThat(error.get("message").asString()).as("the job has no token").contains("answered 401");
    }

    @Test
    void anUnreadableRequestGoesToTheDeadLetterTopicAndTheWorkerGoesOn() throws Exception {
        kafka.send(TOPICS.jobs("default"), "poison", "{not json".getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(TOPICS.deadLetters(), 1);
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("poison");
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(new String(r.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8))
                    .contains("not a valid JobRequest");
        });
        String after = api.submit("{\"type\":\"noop\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.statusOf(after).equals("SUCCEEDED"));
    }

    @Test
    void theListPagesNewestFirstAndFilters() {
        String type = "noop";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.submit("{\"type\":\"noop\",\"labels\":{\"batch\":\"list\"}}"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().allMatch(id -> api.statusOf(id).equals("SUCCEEDED")));

        var first = api.get("/api/v1/jobs?type=" + type + "&status=SUCCEEDED&limit=2").json();
        assertThat(first.get("items")).hasSize(2);
        assertThat(first.get("items").get(0).get("id").asString()).isEqualTo(ids.get(2));
        assertThat(first.get("items").get(1).get("id").asString()).isEqualTo(ids.get(1));
        var second = api.get("/api/v1/jobs?type=" + type + "&status=SUCCEEDED&limit=2&cursor="
                + first.get("nextCursor").asString()).json();
        assertThat(second.get("items").get(0).get("id").asString()).isEqualTo(ids.get(0));
        assertThat(api.get("/api/v1/jobs?status=QUEUED,RUNNING&type=" + type).json().get("items")).isEmpty();
    }

    @Test
    void aDeletedStoreIsRebuiltFromKafka(@TempDir Path emptyDataDir) {
        String id = api.submit("{\"type\":\"noop\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.statusOf(id).equals("SUCCEEDED"));

        try (ConfigurableApplicationContext rebuilt = startGateway(emptyDataDir)) {
            Api fresh = Api.onPort(port(rebuilt));
            await().atMost(Duration.ofSeconds(20)).until(() -> fresh.statusOf(id).equals("SUCCEEDED"));
            assertThat(fresh.get("/api/v1/jobs/" + id).json().get("workerId").asString()).isEqualTo("flow-worker");
        }
    }

    @Test
    void oneTraceIdFollowsAJobFromItsHttpRequestThroughKafkaToTheWorkerAndItsLogLines(CapturedOutput output) {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        Api.Response accepted = api.post("/api/v1/jobs", "{\"type\":\"noop\"}", "traceparent",
                "00-" + traceId + "-00f067aa0ba902b7-01");
        String id = accepted.json().get("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.statusOf(id).equals("SUCCEEDED"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(kafka.readAll(TOPICS.jobs("default"), 1)).filteredOn(r -> id.equals(r.key()))
                    .as("the request the gateway published").singleElement()
                    .satisfies(r -> assertThat(traceparent(r)).contains(traceId));
            assertThat(kafka.readAll(TOPICS.jobResults(), 1)).filteredOn(r -> id.equals(r.key()))
                    .as("what the worker published: SUCCEEDED (a noop ends before its RUNNING is due)")
                    .hasSizeGreaterThanOrEqualTo(1)
                    .filteredOn(r -> traceparent(r) != null && traceparent(r).contains(traceId))
                    .hasSizeGreaterThanOrEqualTo(1);
        });
        assertThat(output.getAll()).as("the worker's line about the job's end")
                .containsPattern("traceId=" + traceId + " jobId=" + id + " queue=default attempt=1 .*JobEndings");
    }

    private static String traceparent(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader("traceparent");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ConfigurableApplicationContext startGateway(Path dataDir) {
        return ConveyorApps.gateway(brokers, PREFIX, dataDir);
    }

    private static ConfigurableApplicationContext startWorker() {
        // A job's end is logged at DEBUG: the trace test reads that line.
        return ConveyorApps.worker(brokers, PREFIX, "flow-worker",
                "--logging.level.dev.conveyor.worker.execution.JobEndings=DEBUG");
    }

    private static int port(ConfigurableApplicationContext app) {
        return ConveyorApps.port(app);
    }

    private static long endOffset(String topic) throws Exception {
        return kafka.endOffset(topic);
    }

    private static long committedOffset() throws Exception {
        return kafka.committedOffset(GROUP, TOPICS.jobs("default"));
    }

    private static void awaitNothingUncommitted() {
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == endOffset(TOPICS.jobs("default")));
    }
}
