package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conveyor.common.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./conveyor kafka|gateway|worker --secure}: a broker that speaks only TLS with SCRAM-SHA-512
 * and denies whatever no ACL allows, a gateway and a worker connected as their own users. One
 * cluster for the whole class.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureKafkaTests {

    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(4);

    private LocalCluster cluster;
    private LocalCluster.Part gateway;
    private Topics topics;

    @BeforeAll
    void startASecureCluster(@TempDir Path temp) throws Exception {
        cluster = new LocalCluster(temp).secure();
        try {
            cluster.startKafka();
            gateway = cluster.gatewayAndWorker("secure-worker", 16).getFirst();
        } catch (RuntimeException | Error e) {
            cluster.printTails();
            throw e;
        }
        topics = new Topics(cluster.prefix());
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void aJobSubmittedThroughTheGatewaySucceedsOverTlsAndScram() throws Exception {
        Api api = cluster.api(gateway);

        String id = api.submit("{\"type\":\"noop\",\"params\":{}}");

        await("job " + id + " succeeded").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "SUCCEEDED".equals(api.statusOf(id)));
    }

    @Test
    void aClientWithoutCredentialsCanNeitherProduceNorConsume() throws Exception {
        String key = "unauthenticated-" + UUID.randomUUID();
        // What the anonymous clients fail to read is there: the gateway's user reads it.
        send(cluster.clientConfig("worker"), topics.jobEvents(), key);
        assertThat(keysOf(cluster.clientConfig("gateway"), topics.jobEvents(), Duration.ofSeconds(30), key))
                .contains(key);

        Map<String, Object> plaintext = Map.of("bootstrap.servers", cluster.brokers());
        Map<String, Object> tlsWithoutSasl = Map.of("bootstrap.servers", cluster.brokers(), "security.protocol", "SSL",
                "ssl.truststore.type", "PEM", "ssl.truststore.location", cluster.certificateAuthority().toString());
        for (Map<String, Object> anonymous : List.of(plaintext, tlsWithoutSasl)) {
            assertThatThrownBy(() -> send(anonymous, topics.jobEvents(), key)).as("producing with %s", anonymous)
                    .isInstanceOfAny(ExecutionException.class, KafkaException.class);
            List<String> read;
            try {
                read = keysOf(anonymous, topics.jobEvents(), REFUSED_WITHIN, key);
            } catch (KafkaException refused) {
                read = List.of();
            }
            assertThat(read).as("consuming with %s", anonymous).isEmpty();
        }
    }

    @Test
    void aWorkerCannotWriteTemplatesWhileItWritesWhatItsJobNeeds() throws Exception {
        Map<String, Object> worker = cluster.clientConfig("worker");

        assertThatThrownBy(() -> send(worker, topics.templates(), "forged-template"))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> keysOf(worker, topics.tokens(), REFUSED_WITHIN, null))
                .isInstanceOf(TopicAuthorizationException.class);
        send(worker, topics.jobResults(), "worker-snapshot-" + UUID.randomUUID());
        send(worker, topics.deadLetters(), "worker-dead-letter-" + UUID.randomUUID());
    }

    /** Sends one record and waits for its acknowledgement; a client that cannot connect gives up quickly. */
    private static void send(Map<String, Object> config, String topic, String key) throws Exception {
        Map<String, Object> all = new HashMap<>(config);
        all.put("max.block.ms", (int) REFUSED_WITHIN.toMillis());
        all.put("delivery.timeout.ms", 10_000);
        all.put("request.timeout.ms", 5_000);
        try (var producer = new KafkaProducer<>(all, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, key, "{}")).get(15, TimeUnit.SECONDS);
        }
    }

    /**
     * The keys of partition 0 of {@code topic} that a consumer without a group reads within
     * {@code within}, or until it reads {@code awaited}.
     */
    private static List<String> keysOf(Map<String, Object> config, String topic, Duration within, String awaited) {
        Map<String, Object> all = new HashMap<>(config);
        all.put("default.api.timeout.ms", (int) within.toMillis());
        try (var consumer = new KafkaConsumer<>(all, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + within.toNanos();
            List<String> keys = new ArrayList<>();
            while (System.nanoTime() < deadline && !keys.contains(awaited)) {
                consumer.poll(Duration.ofMillis(500)).forEach((ConsumerRecord<String, String> r) -> keys.add(r.key()));
            }
            return keys;
        }
    }
}
