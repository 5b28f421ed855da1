package dev.conveyor.system;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Parts on different machines start in any order. A gateway that could not create its topics at
 * start (its broker was not up yet) creates them once the broker answers, and then serves.
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false") // as on the launcher's broker
class LateBrokerTests {

    @Test
    void aGatewayWhoseTopicsWereNotCreatedAtStartCreatesThemAndAcceptsJobs(EmbeddedKafkaBroker broker,
            @TempDir Path dataDir) {
        // Skipping creation at start leaves the gateway as an unreachable broker would.
        try (ConfigurableApplicationContext gateway = ConveyorApps.gateway(broker.getBrokersAsString(),
                "late-" + System.nanoTime(), dataDir, "--spring.kafka.admin.auto-create=false")) {
            Api api = Api.onPort(ConveyorApps.port(gateway));

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> api.post("/api/v1/jobs", "{\"type\":\"noop\"}").status() == 202);
        }
    }
}
