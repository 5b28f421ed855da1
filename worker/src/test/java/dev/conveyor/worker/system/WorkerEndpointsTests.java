package dev.conveyor.worker.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.worker.WorkerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Over the web a worker serves what the gateway serves without a token (health, info,
 * prometheus), and nothing else: not {@code /actuator/metrics}, which the gateway keeps for an
 * admin, nor the endpoints that could tell its settings or hand out its memory.
 */
@SpringBootTest(classes = WorkerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}", "conveyor.topics.partitions=1"})
@EmbeddedKafka
class WorkerEndpointsTests {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @AfterAll
    static void closeClient() {
        CLIENT.close();
    }

    private int statusOf(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator/env",
            "/actuator/heapdump", "/actuator/threaddump", "/actuator/beans", "/actuator/configprops",
            "/actuator/loggers", "/actuator/mappings", "/actuator/shutdown", "/actuator/sbom", "/actuator/scheduledtasks"})
    void anEndpointNotExposedIsNotThere(String path) throws Exception {
        assertThat(statusOf(path)).as(path).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/info", "/actuator/prometheus", "/actuator/health/liveness"})
    void theExposedOnesAnswer(String path) throws Exception {
        assertThat(statusOf(path)).as(path).isEqualTo(200);
    }
}
