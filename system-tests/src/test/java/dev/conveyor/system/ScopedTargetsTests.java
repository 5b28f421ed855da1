package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
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
 * A check aimed outside its queue's scope by a host name: the gateway cannot tell (the name means
 * nothing until resolved) and accepts it; the worker resolves it, finds its address denied, and
 * fails the job at once, saying so, without the retries the job asked for. Aimed at a literal
 * cloud metadata address, the gateway refuses it at submission.
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
class ScopedTargetsTests {

    private static final String PREFIX = "scope-" + UUID.randomUUID().toString().substring(0, 8);

    private static ConfigurableApplicationContext gateway;
    private static ConfigurableApplicationContext worker;
    private static Api api;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker, @TempDir Path dataDir) {
        String brokers = broker.getBrokersAsString();
        // Only the worker knows that loopback is out of bounds, as a worker on another network would.
        worker = ConveyorApps.worker(brokers, PREFIX, "scope-worker", "--conveyor.targets.default.deny=127.0.0.0/8,::1");
        gateway = ConveyorApps.gateway(brokers, PREFIX, dataDir);
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
    void aNameThatTheWorkerResolvesIntoADeniedBlockFailsTheJobAtOnceWithoutRetries() {
        String job = api.submit("""
                {"type": "http", "params": {"url": "http://localhost:%d/actuator/health"},
                 "retry": {"maxAttempts": 3, "initialDelay": "PT0.1S"}}""".formatted(ConveyorApps.port(gateway)));

        await().atMost(Duration.ofSeconds(30)).until(() -> api.statusOf(job).matches("SUCCEEDED|FAILED|DEAD"));
        JsonNode ended = api.get("/api/v1/jobs/" + job).json();
        assertThat(ended.get("status").asString()).isEqualTo("FAILED");
        assertThat(ended.get("attempt").asInt()).isEqualTo(1);
        assertThat(ended.at("/error/kind").asString()).isEqualTo("target-refused");
        assertThat(ended.at("/error/message").asString())
                .contains("localhost", "resolves to", "127.0.0.0/8", "conveyor.targets.default");
    }

    @Test
    void aLiteralMetadataAddressIsRefusedAtSubmission() {
        Api.Response refused = api.post("/api/v1/jobs", "{\"type\": \"http\", \"params\": {\"url\": \"http://169.254.169.254/\"}}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("/params/url", "169.254.169.254", "built-in deny rule");
    }
}
