package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
import tools.jackson.databind.JsonNode;

/**
 * A template with an enum and a secret parameter, launched, changed, launched again and
 * relaunched on a real gateway and worker: jobs record their template version, and the secret
 * reaches the worker that needs it and nothing else (no response, no log line, no Kafka record).
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
@ExtendWith(OutputCaptureExtension.class)
class TemplatesTests {

    private static final String PREFIX = "templates-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SECRET = "s3cret-" + UUID.randomUUID();
    private static final String KEY = "test-1:" + Base64.getEncoder().encodeToString(
            UUID.randomUUID().toString().substring(0, 32).getBytes(StandardCharsets.US_ASCII));

    private static String brokers;
    private static ConfigurableApplicationContext gateway;
    private static ConfigurableApplicationContext worker;
    private static Api api;
    private static final List<String> responses = new ArrayList<>();

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker, @TempDir Path dataDir) {
        brokers = broker.getBrokersAsString();
        worker = ConveyorApps.worker(brokers, PREFIX, "templates-worker", "--conveyor.secrets.keys=" + KEY);
        gateway = ConveyorApps.gateway(brokers, PREFIX, dataDir, "--conveyor.secrets.keys=" + KEY);
        api = Api.onPort(ConveyorApps.port(gateway));
        // The jobs check this gateway's health, which is down until it has read its tokens.
        Api open = Api.anonymousOnPort(ConveyorApps.port(gateway));
        await().atMost(Duration.ofSeconds(30)).until(() -> open.get("/actuator/health").status() == 200);
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

    private static Api.Response call(Api.Response response) {
        responses.add(response.body());
        return response;
    }

    private static String template(String description) {
        return """
                {"id": "health", "description": "%s", "type": "http",
                 "params": {"url": "${base}/actuator/health?probe=${token}", "expectStatus": "${expect}"},
                 "parameters": {"properties": {
                     "base":   {"type": "string", "pattern": "^http://"},
                     "token":  {"type": "string", "writeOnly": true, "minLength": 8},
                     "expect": {"enum": [200, 503], "default": 200}},
                   "required": ["base", "token"]},
                 "labels": {"team": "sre"}}""".formatted(description);
    }

    private static String launch() {
        return launch(200);
    }

    private static String launch(int expect) {
        Api.Response launched = call(api.post("/api/v1/templates/health/launch", """
                {"params": {"base": "http://localhost:%d", "token": "%s", "expect": %d}}"""
                .formatted(ConveyorApps.port(gateway), SECRET, expect)));
        assertThat(launched.status()).as(launched.body()).isEqualTo(202);
        return launched.json().get("id").asString();
    }

    private static JsonNode awaitSucceeded(String jobId) {
        return awaitEnd(jobId, "SUCCEEDED");
    }

    private static JsonNode awaitEnd(String jobId, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> api.statusOf(jobId).matches("SUCCEEDED|FAILED|DEAD"));
        Api.Response job = call(api.get("/api/v1/jobs/" + jobId));
        assertThat(job.json().get("status").asString()).as(job.body()).isEqualTo(status);
        return job.json();
    }

    @Test
    void aTemplateIsLaunchedChangedAndRelaunchedAndItsSecretStaysSealed(CapturedOutput output) {
        Api.Response created = call(api.post("/api/v1/templates", template("first")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("version").asLong()).isEqualTo(1);

        Api.Response refused = call(api.post("/api/v1/templates/health/launch",
                "{\"params\": {\"base\": \"ftp://x\", \"token\": \"short\", \"expect\": 404, \"colour\": \"red\"}}"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().findValuesAsString("pointer"))
                .contains("/params/base", "/params/token", "/params/expect", "/params/colour");

        JsonNode first = awaitSucceeded(launch());
        assertThat(first.at("/template/version").asLong()).isEqualTo(1);
        assertThat(first.at("/params/url").asString()).isEqualTo("********");
        assertThat(first.at("/labels/team").asString()).isEqualTo("sre");

        Api.Response changed = call(api.put("/api/v1/templates/health", template("second")));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("version").asLong()).isEqualTo(2);
        JsonNode second = awaitSucceeded(launch());
        assertThat(second.at("/template/version").asLong()).isEqualTo(2);

        Api.Response relaunched = call(api.post("/api/v1/jobs/" + first.get("id").asString() + "/relaunch", ""));
        assertThat(relaunched.status()).as(relaunched.body()).isEqualTo(202);
        JsonNode third = awaitSucceeded(relaunched.json().get("id").asString());
        assertThat(third.get("relaunchOf").asString()).isEqualTo(first.get("id").asString());

        // Its error names the URL it called, which holds the secret: the worker masks it there too,
        // and in the job's log line (on the job-events topic, which the end of this test reads too).
        JsonNode failed = awaitEnd(launch(503), "FAILED");
        assertThat(failed.at("/error/message").asString()).isEqualTo("GET ********: answered 200, expected 503");

        Api.Response page1 = call(api.get("/api/v1/jobs?template=health&status=SUCCEEDED&limit=2"));
        assertThat(page1.json().get("items")).hasSize(2);
        Api.Response page2 = call(api.get("/api/v1/jobs?template=health&status=SUCCEEDED&limit=2&cursor="
                + page1.json().get("nextCursor").asString()));
        assertThat(page2.json().get("items")).hasSize(1);
        assertThat(page2.json().has("nextCursor")).isFalse();

        assertThat(String.join("\n", responses)).doesNotContain(SECRET);
        assertThat(output.getAll()).doesNotContain(SECRET);
        assertThat(everyRecordOfThisTest()).isNotEmpty().noneMatch(record -> record.contains(SECRET));
    }

    /** The raw bytes of every record on every topic of this test, keys and values, as text. */
    private static List<String> everyRecordOfThisTest() {
        List<String> records = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers));
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<String> topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith(PREFIX)).toList();
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(t -> consumer.partitionsFor(t).forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add((r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8)) + " "
                            + (r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8)));
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return records;
    }
}
