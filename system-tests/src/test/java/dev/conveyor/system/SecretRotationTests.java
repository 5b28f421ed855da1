package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.topics.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Rotating the key of secret parameters the way docs/security.md says (every worker, then every
 * gateway, gets the new key first and keeps the old one): jobs sealed under the old key, whether
 * they had run or were still queued, stay readable; new and relaunched jobs are sealed with the
 * new key. The check's target accepts only the right secret, so a job that succeeds proves the
 * worker opened it.
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
class SecretRotationTests {

    private static final String PREFIX = "rotation-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SECRET = "s3cret-" + UUID.randomUUID();
    private static final String OLD_KEY = key("old-1");
    private static final String NEW_KEY = key("new-2");
    private static final Pattern SEALED_WITH = Pattern.compile("\"\\$secret\"\\s*:\\s*\"([^\":]+):");

    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private HttpServer target;

    private static String key(String id) {
        byte[] bytes = UUID.randomUUID().toString().substring(0, 32).getBytes(StandardCharsets.US_ASCII);
        return id + ":" + Base64.getEncoder().encodeToString(bytes);
    }

    @AfterEach
    void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void jobsSealedWithTheOldKeyStayReadableAfterRotationAndNewOnesAreSealedWithTheNewKey(
            EmbeddedKafkaBroker broker, @TempDir Path before, @TempDir Path after) throws IOException {
        String brokers = broker.getBrokersAsString();
        String base = startTarget();

        ConfigurableApplicationContext oldWorker = start(ConveyorApps.worker(brokers, PREFIX, "old-worker",
                "--conveyor.secrets.keys=" + OLD_KEY));
        ConfigurableApplicationContext oldGateway = start(ConveyorApps.gateway(brokers, PREFIX, before,
                "--conveyor.secrets.keys=" + OLD_KEY));
        Api api = Api.onPort(ConveyorApps.port(oldGateway));
        Api.Response created = api.post("/api/v1/templates", """
                {"id": "probe", "type": "http",
                 "params": {"url": "%s/probe?key=${key}", "expectStatus": 200},
                 "parameters": {"properties": {"key": {"type": "string", "writeOnly": true}}, "required": ["key"]}}"""
                .formatted(base));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String ran = launch(api);
        awaitStatus(api, ran, "SUCCEEDED");

        // A job accepted under the old key that no worker runs until after the rotation.
        oldWorker.close();
        String queued = launch(api);
        oldGateway.close();

        start(ConveyorApps.worker(brokers, PREFIX, "new-worker", "--conveyor.secrets.keys=" + NEW_KEY + "," + OLD_KEY));
        ConfigurableApplicationContext newGateway = start(ConveyorApps.gateway(brokers, PREFIX, after,
                "--conveyor.secrets.keys=" + NEW_KEY + "," + OLD_KEY));
        Api rotated = Api.onPort(ConveyorApps.port(newGateway));
        awaitStatus(rotated, queued, "SUCCEEDED");
        Api.Response relaunch = rotated.post("/api/v1/jobs/" + ran + "/relaunch", "");
        assertThat(relaunch.status()).as(relaunch.body()).isEqualTo(202);
        String relaunched = relaunch.json().get("id").asString();
        String launched = launch(rotated);
        awaitStatus(rotated, relaunched, "SUCCEEDED");
        awaitStatus(rotated, launched, "SUCCEEDED");

        Map<String, String> keyIds = sealingKeyIdsOnTheJobsTopic(brokers, List.of(ran, queued, relaunched, launched));
        assertThat(keyIds).containsEntry(ran, "old-1").containsEntry(queued, "old-1")
                .containsEntry(relaunched, "new-2").containsEntry(launched, "new-2");
    }

    private ConfigurableApplicationContext start(ConfigurableApplicationContext app) {
        apps.add(app);
        return app;
    }

    /** An HTTP server that answers 200 only to the right secret, 403 to anything else. */
    private String startTarget() throws IOException {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/probe", exchange -> {
            boolean right = ("key=" + SECRET).equals(exchange.getRequestURI().getRawQuery());
            exchange.sendResponseHeaders(right ? 200 : 403, -1);
            exchange.close();
        });
        target.start();
        return "http://localhost:" + target.getAddress().getPort();
    }

    private static String launch(Api api) {
        Api.Response launched = api.post("/api/v1/templates/probe/launch", "{\"params\": {\"key\": \"" + SECRET + "\"}}");
        assertThat(launched.status()).as(launched.body()).isEqualTo(202);
        return launched.json().get("id").asString();
    }

    private static void awaitStatus(Api api, String jobId, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> api.statusOf(jobId).matches("SUCCEEDED|FAILED|DEAD"));
        Api.Response job = api.get("/api/v1/jobs/" + jobId);
        assertThat(job.json().get("status").asString()).as(job.body()).isEqualTo(status);
    }

    /** For each job, the id of the key its secret was sealed with in its request on the jobs topic. */
    private static Map<String, String> sealingKeyIdsOnTheJobsTopic(String brokers, List<String> jobIds) {
        Map<String, String> keyIds = new HashMap<>();
        TopicPartition jobs = new TopicPartition(new Topics(PREFIX).jobs("default"), 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.assign(List.of(jobs));
            consumer.seekToBeginning(List.of(jobs));
            long end = consumer.endOffsets(List.of(jobs)).get(jobs);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    String id = ConveyorJson.mapper().readTree(record.value()).get("id").asString();
                    Matcher sealed = SEALED_WITH.matcher(record.value());
                    if (jobIds.contains(id) && sealed.find()) {
                        keyIds.put(id, sealed.group(1));
                    }
                }
                return consumer.position(jobs) >= end;
            });
        }
        return keyIds;
    }
}
