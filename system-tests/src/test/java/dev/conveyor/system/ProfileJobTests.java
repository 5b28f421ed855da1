package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * A profile job from submit to report through a real gateway and worker: two controls over
 * three targets on loopback, one open port, one closed, one name nobody resolves.
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
class ProfileJobTests {

    private static final String PREFIX = "profiles-" + UUID.randomUUID().toString().substring(0, 8);

    private static ConfigurableApplicationContext worker;
    private static ConfigurableApplicationContext gateway;
    private static Api api;
    private static ServerSocket open;
    private static int closedPort;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker, @TempDir Path dataDir) throws IOException {
        open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (ServerSocket closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closedPort = closing.getLocalPort();
        }
        worker = ConveyorApps.worker(broker.getBrokersAsString(), PREFIX, "profiles-worker");
        gateway = ConveyorApps.gateway(broker.getBrokersAsString(), PREFIX, dataDir);
        api = Api.onPort(ConveyorApps.port(gateway));
    }

    @AfterAll
    static void stop() throws IOException {
        for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] {gateway, worker}) {
            if (app != null) {
                app.close();
            }
        }
        open.close();
    }

    @Test
    void aProfileRunsEveryControlOnEveryTargetAndReportsInEveryFormat() {
        String id = api.submit("""
                {"type": "profile", "params": {
                   "profile": {"id": "ports", "title": "Ports", "controls": [
                     {"id": "service-up", "title": "The service answers", "severity": "high",
                      "check": {"type": "tcp", "params": {"host": "${target}", "port": "${port}"}}},
                     {"id": "debug-closed", "title": "The debug port is closed", "severity": "critical",
                      "check": {"type": "tcp", "params": {"host": "${target}", "port": %d, "expect": "closed"}}}]},
                   "inventory": {"targets": [
                     {"name": "127.0.0.1", "vars": {"port": "%d"}},
                     {"name": "localhost", "vars": {"port": "%d"}},
                     {"name": "no-such-host.invalid", "vars": {"port": "%d"}}]},
                   "checkTimeout": "PT5S"}}""".formatted(closedPort, open.getLocalPort(), closedPort,
                open.getLocalPort()));

        await().atMost(Duration.ofSeconds(60)).until(() -> api.statusOf(id).matches("SUCCEEDED|FAILED|DEAD"));
        Api.Response job = api.get("/api/v1/jobs/" + id);
        assertThat(job.json().get("status").asString()).as(job.body()).isEqualTo("SUCCEEDED");

        JsonNode report = api.get("/api/v1/jobs/" + id + "/report").json();
        assertThat(report.at("/summary/passed").asInt()).isEqualTo(3);
        assertThat(report.at("/summary/failed").asInt()).isEqualTo(1);
        assertThat(report.at("/summary/error").asInt()).isEqualTo(2);
        assertThat(report.at("/targets/1/checks/0/outcome").asString()).isEqualTo("failed");
        assertThat(report.at("/targets/2/checks/0/message").asString()).contains("no-such-host.invalid");

        Api.Response junit = api.get("/api/v1/jobs/" + id + "/report?format=junit");
        assertThat(junit.contentType()).startsWith("application/xml");
        assertThat(junit.body()).contains("<testsuite name=\"localhost\" tests=\"2\" failures=\"1\" errors=\"0\"");
        Api.Response html = api.get("/api/v1/jobs/" + id + "/report?format=html");
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.body()).contains("Ports", "The service answers");

        Api.Response again = api.post("/api/v1/jobs/" + id + "/relaunch?onlyFailed=true", "");
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        String rerun = again.json().get("id").asString();
        assertThat(again.json().get("relaunchOf").asString()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.statusOf(rerun).equals("SUCCEEDED"));
        JsonNode second = api.get("/api/v1/jobs/" + rerun + "/report").json();
        assertThat(second.at("/summary/failed").asInt() + second.at("/summary/error").asInt()).isEqualTo(3);
        assertThat(second.at("/summary/passed").asInt()).as("what passed does not run again").isZero();
        assertThat(second.get("targets").valueStream().map(t -> t.get("name").asString()))
                .containsExactly("localhost", "no-such-host.invalid");
    }
}
