package dev.conveyor.system;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same flow against Apache's own Kafka image: proves Conveyor works with a stock broker, not
 * only with the embedded one. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerTests {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.1");

    @Test
    void aJobSubmittedThroughTheGatewaySucceedsOnAStockBroker(@TempDir Path dataDir) {
        String prefix = "tc-" + System.nanoTime();
        try (ConfigurableApplicationContext worker = ConveyorApps.worker(KAFKA.getBootstrapServers(), prefix, "tc-worker");
                ConfigurableApplicationContext gateway = ConveyorApps.gateway(KAFKA.getBootstrapServers(), prefix, dataDir)) {
            Api api = Api.onPort(ConveyorApps.port(gateway));
            String id = api.submit("{\"type\":\"sleep\",\"params\":{\"duration\":\"PT0.1S\"}}");

            await().atMost(Duration.ofSeconds(30)).until(() -> api.statusOf(id).equals("SUCCEEDED"));
        }
    }
}
