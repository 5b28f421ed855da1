package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A job four times longer than the group's poll deadline: the worker keeps polling while it
 * runs, so the group never rebalances, and the short jobs behind it on its one partition run
 * meanwhile.
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
class LongJobTests {

    @Test
    void aJobLongerThanThePollDeadlineCausesNoRebalanceAndHoldsUpNothing(EmbeddedKafkaBroker broker,
            @TempDir Path dataDir) {
        String prefix = "long-" + UUID.randomUUID().toString().substring(0, 8);
        try (ConfigurableApplicationContext worker = ConveyorApps.worker(broker.getBrokersAsString(), prefix,
                "long-worker", "--spring.kafka.consumer.properties.max.poll.interval.ms=10000");
                ConfigurableApplicationContext gateway = ConveyorApps.gateway(broker.getBrokersAsString(), prefix,
                        dataDir)) {
            Api api = Api.onPort(ConveyorApps.port(gateway));

            String longJob = api.submit("""
                    {"type":"sleep","params":{"duration":"PT40S"},"timeout":"PT2M"}""");
            await().atMost(Duration.ofSeconds(15)).until(() -> api.statusOf(longJob).equals("RUNNING"));
            List<String> shortJobs = IntStream.range(0, 100).mapToObj(i -> api.submit("{\"type\":\"noop\"}")).toList();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> shortJobs.stream().allMatch(id -> api.statusOf(id).equals("SUCCEEDED")));
            assertThat(api.statusOf(longJob)).isEqualTo("RUNNING");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> api.statusOf(longJob).equals("SUCCEEDED"));

            assertThat(api.get("/api/v1/jobs/" + longJob).json().get("attempt").asInt()).isEqualTo(1);
            MeterRegistry meters = worker.getBean(MeterRegistry.class);
            assertThat(meters.get("conveyor.worker.partitions.revoked").counter().count()).isZero();
            assertThat(meters.get("conveyor.worker.partitions.lost").counter().count()).isZero();
        }
    }
}
