package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.conveyor.common.jobs.CancelRequest;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.RetryPolicy;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.topics.Topics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;

/**
 * The engine's promises on a real broker: timeouts and cancels stop jobs within their bounds,
 * retries wait without holding anything up, and nothing that cannot run stalls the worker.
 * Some requests are written straight to the jobs topic, as a client bypassing the gateway would.
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
class EngineTests {

    private static final String PREFIX = "engine-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Topics TOPICS = new Topics(PREFIX);

    private static TestKafka kafka;
    private static ConfigurableApplicationContext gateway;
    private static ConfigurableApplicationContext worker;
    private static Api api;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker, @TempDir Path dataDir) {
        kafka = new TestKafka(broker.getBrokersAsString());
        worker = ConveyorApps.worker(broker.getBrokersAsString(), PREFIX, "engine-worker",
                "--conveyor.worker.queues=default,reports");
        gateway = ConveyorApps.gateway(broker.getBrokersAsString(), PREFIX, dataDir,
                "--conveyor.gateway.queues=default,reports");
        api = Api.onPort(ConveyorApps.port(gateway));
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
    void aJobPastItsTimeoutIsStoppedAndEndsTimedOutWithinHalfASecondOfIt() {
        String id = api.submit("""
                {"type":"sleep","params":{"duration":"PT10S"},"timeout":"PT1S"}""");

        await().atMost(Duration.ofSeconds(15)).until(() -> api.statusOf(id).equals("TIMED_OUT"));
        JsonNode job = api.get("/api/v1/jobs/" + id).json();
        assertThat(between(job.get("startedAt"), job.get("finishedAt"))).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void cancelingARunningJobStopsItWithinASecond() {
        String id = api.submit("""
                {"type":"sleep","params":{"duration":"PT60S"}}""");
        await().atMost(Duration.ofSeconds(15)).until(() -> api.statusOf(id).equals("RUNNING"));

        Instant requested = Instant.now();
        Api.Response accepted = api.post("/api/v1/jobs/" + id + "/cancel", "");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> api.statusOf(id).equals("CANCELED"));
        JsonNode job = api.get("/api/v1/jobs/" + id).json();
        assertThat(between(requested, job.get("finishedAt"))).isLessThan(Duration.ofSeconds(1));
        assertThat(job.get("error").get("message").asString()).as("the canceler, by its token")
                .isEqualTo("canceled by admin");
    }

    @Test
    void aJobCanceledWhileQueuedIsNeverStarted() {
        JobRequest request = aRequest("sleep", "{\"duration\":\"PT30S\"}", null);
        kafka.sendJson(TOPICS.control(), CancelRequest::jobId,
                List.of(new CancelRequest(request.id(), "carol", Instant.now())));
        kafka.sendJson(TOPICS.jobs("default"), JobRequest::id, List.of(request));

        await().atMost(Duration.ofSeconds(15)).until(() -> api.statusOf(request.id()).equals("CANCELED"));
        assertThat(api.get("/api/v1/jobs/" + request.id()).json().get("startedAt")).isNull();
    }

    @Test
    void aJobWhoseTargetFailsTwiceSucceedsOnItsThirdAttemptAndOthersDoNotWaitForIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer flaky = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        flaky.createContext("/", exchange -> {
            exchange.sendResponseHeaders(calls.incrementAndGet() <= 2 ? 503 : 200, -1);
            exchange.close();
        });
        flaky.start();
        try {
            JobRequest retried = aRequest("http",
                    "{\"url\":\"http://localhost:" + flaky.getAddress().getPort() + "/\"}",
                    new RetryPolicy(3, Duration.ofSeconds(2), 2.0, null, 0.0, null));
            kafka.sendJson(TOPICS.jobs("default"), JobRequest::id, List.of(retried));
            await().atMost(Duration.ofSeconds(15)).until(() -> api.statusOf(retried.id()).equals("RETRYING"));

            List<JobRequest> others = IntStream.range(0, 500).mapToObj(i -> aRequest("noop", null, null)).toList();
            kafka.sendJson(TOPICS.jobs("default"), JobRequest::id, others);

            await().atMost(Duration.ofSeconds(30)).until(() -> api.statusOf(retried.id()).equals("SUCCEEDED"));
            JsonNode job = api.get("/api/v1/jobs/" + retried.id()).json();
            assertThat(job.get("attempt").asInt()).isEqualTo(3);
            assertThat(calls).hasValue(3);
            Instant lastAttemptStarted = Instant.parse(job.get("startedAt").asString());
            for (JobRequest other : others) {
                JsonNode ended = api.get("/api/v1/jobs/" + other.id()).json();
                assertThat(ended.get("status").asString()).isEqualTo("SUCCEEDED");
                assertThat(Instant.parse(ended.get("finishedAt").asString()))
                        .as("every other job ended while the retried one waited").isBefore(lastAttemptStarted);
            }
        } finally {
            flaky.stop(0);
        }
    }

    @Test
    void aJobRunsOnTheQueueItWasSubmittedToAndAnUnknownQueueIsRefused() throws Exception {
        long before = kafka.endOffset(TOPICS.jobs("reports"));

        String id = api.submit("{\"type\":\"noop\",\"queue\":\"reports\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> api.statusOf(id).equals("SUCCEEDED"));
        assertThat(kafka.endOffset(TOPICS.jobs("reports"))).isEqualTo(before + 1);
        assertThat(api.get("/api/v1/jobs/" + id).json().get("queue").asString()).isEqualTo("reports");
        Api.Response refused = api.post("/api/v1/jobs", "{\"type\":\"noop\",\"queue\":\"nightly\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("/queue").contains("nightly");
    }

    @Test
    void garbageAndRequestsOfUnknownTypesAreDeadLetteredWithTheirReasonsAndTheWorkerGoesOn() {
        long deadBefore = deadLetterCount();
        JobRequest unknown = aRequest("teleport", "{}", null);
        kafka.send(TOPICS.jobs("default"), "garbage", new byte[] {(byte) 0xC3, 0x28, 0x00, 0x7F});
        kafka.sendJson(TOPICS.jobs("default"), JobRequest::id, List.of(unknown));
        String next = api.submit("{\"type\":\"noop\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> api.statusOf(next).equals("SUCCEEDED"));
        await().atMost(Duration.ofSeconds(15)).until(() -> api.statusOf(unknown.id()).equals("DEAD"));
        List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(TOPICS.deadLetters(), (int) deadBefore + 2)
                .subList((int) deadBefore, (int) deadBefore + 2);
        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("garbage", unknown.id());
        assertThat(dead).extracting(r -> header(r, "kafka_dlt-exception-message"))
                .anySatisfy(reason -> assertThat(reason).contains("not a valid JobRequest"))
                .anySatisfy(reason -> assertThat(reason).contains("unknown-type").contains("teleport"));
        assertThat(dead).allSatisfy(r -> assertThat(header(r, "kafka_dlt-original-topic"))
                .isEqualTo(TOPICS.jobs("default")));
    }

    private static long deadLetterCount() {
        try {
            return kafka.endOffset(TOPICS.deadLetters());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JobRequest aRequest(String type, String params, RetryPolicy retry) {
        return new JobRequest(UUID.randomUUID().toString(), type,
                params == null ? null : ConveyorJson.mapper().readTree(params), "default", null, 1, Map.of(), "engine",
                Instant.now().truncatedTo(ChronoUnit.MICROS), retry, null, null);
    }

    private static Duration between(JsonNode from, JsonNode to) {
        return between(Instant.parse(from.asString()), to);
    }

    private static Duration between(Instant from, JsonNode to) {
        return Duration.between(from, Instant.parse(to.asString()));
    }
}
