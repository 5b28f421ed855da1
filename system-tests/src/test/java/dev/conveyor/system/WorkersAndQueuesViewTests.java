package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;

/**
 * What operators see of a running system: the workers from their heartbeats, the queues from
 * Kafka's offsets, and a cancel that reaches Kafka. The gateway accepts a second queue, {@code idle},
 * that no worker consumes, and keeps silent workers listed for minutes, so a worker that leaves
 * the list at once left it by signing off.
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
class WorkersAndQueuesViewTests {

    private static final String PREFIX = "views-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String WORKER = "views-worker";

    private static String brokers;
    private static ConfigurableApplicationContext gateway;
    private static ConfigurableApplicationContext worker;
    private static Api api;

    @BeforeAll
    static void startGatewayAndWorker(EmbeddedKafkaBroker broker, @TempDir Path dataDir) {
        brokers = broker.getBrokersAsString();
        worker = startWorker(WORKER);
        gateway = ConveyorApps.gateway(brokers, PREFIX, dataDir,
                "--conveyor.gateway.queues=default,idle",
                "--conveyor.gateway.queue-sample-interval=PT0.5S",
                "--conveyor.gateway.worker-expiry=PT5M");
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

    private static ConfigurableApplicationContext startWorker(String id) {
        return ConveyorApps.worker(brokers, PREFIX, id,
                "--conveyor.worker.max-in-flight=7",
                "--conveyor.worker.heartbeat-interval=PT0.5S");
    }

    private static Optional<JsonNode> listed(String workerId) {
        for (JsonNode w : api.get("/api/v1/workers").json().get("workers")) {
            if (w.get("id").asString().equals(workerId)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    private static JsonNode queue(String name) {
        Api.Response response = api.get("/api/v1/queues");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        for (JsonNode q : response.json().get("queues")) {
            if (q.get("name").asString().equals(name)) {
                return q;
            }
        }
        throw new AssertionError("queue " + name + " not shown: " + response.body());
    }

    @Test
    void aRunningWorkerIsListedWithItsQueuesAndSlots() {
        await().atMost(Duration.ofSeconds(20)).until(() -> listed(WORKER).isPresent());

        JsonNode w = listed(WORKER).orElseThrow();
        assertThat(w.get("queues").get(0).asString()).isEqualTo("default");
        assertThat(w.get("queues")).hasSize(1);
        assertThat(w.get("slots").asInt()).isEqualTo(7);
        assertThat(w.get("running").asInt()).isZero();
        assertThat(w.get("host").asString()).isNotBlank();
        assertThat(w.get("version").asString()).isNotBlank();
        assertThat(w.get("startedAt")).isNotNull();
        assertThat(w.get("lastSeenAt")).isNotNull();
    }

    @Test
    void theDepthOfAQueueThatNoWorkerConsumesGrowsWithEachJobSubmittedToIt() {
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/queues").status() == 200);
        long before = queue("idle").get("depth").asLong();

        for (int i = 0; i < 3; i++) {
            api.submit("{\"type\":\"noop\",\"queue\":\"idle\"}");
        }

        assertThat(queue("idle").get("depth").asLong()).isEqualTo(before + 3);
        assertThat(queue("idle").get("workers").asInt()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(queue("idle").get("enqueuedPerSecond").asDouble()).isPositive());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(queue("default").get("workers").asInt()).isEqualTo(1));
    }

    @Test
    void aQueuedJobIsCanceledAtOnceAndCannotBeCanceledTwice() {
        String id = api.submit("{\"type\":\"noop\",\"queue\":\"idle\"}");

        Api.Response canceled = api.post("/api/v1/jobs/" + id + "/cancel", "");

        assertThat(canceled.status()).as(canceled.body()).isEqualTo(202);
        assertThat(canceled.json().get("status").asString()).isEqualTo("CANCELED");
        assertThat(api.statusOf(id)).isEqualTo("CANCELED");
        Api.Response again = api.post("/api/v1/jobs/" + id + "/cancel", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void aWorkerThatStopsLeavesTheListAtOnce() {
        ConfigurableApplicationContext leaver = startWorker("views-leaver");
        await().atMost(Duration.ofSeconds(20)).until(() -> listed("views-leaver").isPresent());

        leaver.close();

        // Far sooner than the gateway's worker expiry of 5 minutes: the worker's tombstone did it.
        await().atMost(Duration.ofSeconds(15)).until(() -> listed("views-leaver").isEmpty());
        assertThat(listed(WORKER)).isPresent();
    }
}
