package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;

/**
 * Every state-changing call, done or refused, lands in the audit trail with who, when, what and
 * from where; only an admin reads it; and a gateway that starts later with an empty store serves
 * the same trail, read from Kafka.
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
class AuditTrailTests {

    private static final String PREFIX = "audit-" + UUID.randomUUID().toString().substring(0, 8);

    private static String brokers;
    private static final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) {
        brokers = broker.getBrokersAsString();
    }

    @AfterAll
    static void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
    }

    private static int gateway(Path dataDir) {
        ConfigurableApplicationContext gateway = ConveyorApps.gateway(brokers, PREFIX, dataDir);
        apps.add(gateway);
        return ConveyorApps.port(gateway);
    }

    private static String newToken(Api admin, String name, String role) {
        Api.Response created = admin.post("/api/v1/tokens", "{\"name\": \"%s\", \"role\": \"%s\"}".formatted(name, role));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("token").asString();
    }

    @Test
    void everyChangeIsRecordedWithWhoWhenWhatAndWhereAndOutlivesTheGatewayThatRecordedIt(
            @TempDir Path first, @TempDir Path second) {
        Instant before = Instant.now();
        int port = gateway(first);
        Api admin = Api.onPort(port);
        String operatorToken = newToken(admin, "otto", "operator");
        String viewerToken = newToken(admin, "vera", "viewer");
        Api operator = Api.onPort(port, operatorToken);
        Api viewer = Api.onPort(port, viewerToken);

        String job = operator.submit("{\"type\": \"sleep\", \"params\": {\"duration\": \"PT60S\"}}");
        assertThat(operator.post("/api/v1/jobs/" + job + "/cancel", "").status()).isEqualTo(202);
        assertThat(viewer.post("/api/v1/jobs", "{\"type\": \"noop\"}").status()).isEqualTo(403);
        assertThat(admin.post("/api/v1/templates", "{\"id\": \"ping\", \"type\": \"noop\"}").status()).isEqualTo(201);
        assertThat(admin.put("/api/v1/templates/ping", "{\"id\": \"ping\", \"type\": \"noop\", \"description\": \"v2\"}")
                .status()).isEqualTo(200);
        Api.Response launched = operator.post("/api/v1/templates/ping/launch", "{}");
        assertThat(launched.status()).as(launched.body()).isEqualTo(202);
        assertThat(admin.delete("/api/v1/templates/ping").status()).isEqualTo(204);
        String viewerId = viewerToken.split("_")[1];
        assertThat(admin.delete("/api/v1/tokens/" + viewerId).status()).isEqualTo(204);

        List<JsonNode> trail = await().atMost(Duration.ofSeconds(30)).until(() -> everyEntry(admin),
                entries -> entries.size() >= 10);
        assertThat(trail).extracting(e -> e.get("action").asString() + " " + e.get("actor").asString() + " "
                + e.get("status").asInt()).containsExactly(
                "token.revoke admin 204",
                "template.delete admin 204",
                "template.launch otto 202",
                "template.change admin 200",
                "template.create admin 201",
                "job.submit vera 403",
                "job.cancel otto 202",
                "job.submit otto 202",
                "token.create admin 201",
                "token.create admin 201");
        JsonNode submit = trail.get(7);
        assertThat(submit.get("created").asString()).isEqualTo(job);
        assertThat(submit.get("role").asString()).isEqualTo("OPERATOR");
        assertThat(submit.get("tokenId").asString()).isEqualTo(operatorToken.split("_")[1]);
        assertThat(submit.get("remoteAddress").asString()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(Instant.parse(submit.get("at").asString())).isAfter(before).isBefore(Instant.now());
        assertThat(trail.get(6).get("target").asString()).isEqualTo(job);
        assertThat(trail.get(2).get("target").asString()).isEqualTo("ping");
        assertThat(trail.get(2).get("created").asString()).isEqualTo(launched.json().get("id").asString());
        assertThat(trail.get(0).get("target").asString()).isEqualTo(viewerId);

        // Only an admin reads it.
        assertThat(operator.get("/api/v1/audit").status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/audit?actor=otto&action=job.submit").json().get("items")).hasSize(1);

        // A gateway started afterwards, with an empty store of its own, serves the same trail.
        Api later = Api.onPort(gateway(second));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(everyEntry(later))
                .extracting(e -> e.get("id").asString())
                .containsAll(trail.stream().map(e -> e.get("id").asString()).toList()));
    }

    /** The whole trail, newest first, read two entries a page to go through the cursors. */
    private static List<JsonNode> everyEntry(Api api) {
        List<JsonNode> entries = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = api.get("/api/v1/audit?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            StreamSupport.stream(page.json().get("items").spliterator(), false).forEach(entries::add);
            cursor = page.json().has("nextCursor") ? page.json().get("nextCursor").asString() : null;
        } while (cursor != null);
        return entries;
    }
}
