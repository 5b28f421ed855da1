package dev.conveyor.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.gateway.GatewayApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two whole gateways on one embedded KRaft broker: a token created or revoked on one is known to
 * the other, whether it starts later (it reads the tokens topic from its beginning) or already
 * runs (it follows the topic). A gateway is ready only once it knows the tokens.
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false") // the gateway declares its topics
class TokensAcrossGatewaysTests {

    private static final String ADMIN_TOKEN = "the-admin-token-of-these-tests";
    private static final Duration STARTUP = Duration.ofMinutes(1);
    private static final Duration PROPAGATION = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

    @AfterEach
    void stopGateways() {
        gateways.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void aTokenMadeOnOneGatewayIsKnownToAnotherAndSoIsItsRevocation(EmbeddedKafkaBroker broker,
            @TempDir Path dataDir) {
        String prefix = "auth-" + System.nanoTime();
        int first = startGateway(broker, prefix, dataDir.resolve("first"));

        HttpResponse<String> created = call(first, "POST", "/api/v1/tokens", ADMIN_TOKEN,
                "{\"name\":\"ci\",\"role\":\"ADMIN\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String token = JsonMapper.shared().readTree(created.body()).get("token").asString();
        String id = JsonMapper.shared().readTree(created.body()).get("id").asString();

        // Started afterwards, it reads the token from the topic; once ready, it knows it.
        int second = startGateway(broker, prefix, dataDir.resolve("second"));
        assertThat(call(second, "GET", "/api/v1/tokens", token, null).statusCode()).isEqualTo(200);

        assertThat(call(first, "DELETE", "/api/v1/tokens/" + id, ADMIN_TOKEN, null).statusCode()).isEqualTo(204);
        assertThat(call(first, "GET", "/api/v1/tokens", token, null).statusCode()).as("at once where revoked")
                .isEqualTo(401);
        await("the revocation reaches the other gateway").atMost(PROPAGATION)
                .until(() -> call(second, "GET", "/api/v1/tokens", token, null).statusCode() == 401);

        // Made on the gateway that started second, it reaches the one that already ran.
        HttpResponse<String> viewer = call(second, "POST", "/api/v1/tokens", ADMIN_TOKEN,
                "{\"name\":\"dashboards\",\"role\":\"VIEWER\"}");
        String viewerToken = JsonMapper.shared().readTree(viewer.body()).get("token").asString();
        await("the new token reaches the first gateway").atMost(PROPAGATION)
                .until(() -> call(first, "GET", "/api/v1/workers", viewerToken, null).statusCode() == 200);
        assertThat(call(first, "GET", "/api/v1/tokens", viewerToken, null).statusCode()).isEqualTo(403);
    }

    /** Starts a gateway and waits until it is ready, which includes knowing every token; returns its port. */
    private int startGateway(EmbeddedKafkaBroker broker, String prefix, Path dataDir) {
        ConfigurableApplicationContext gateway = GatewayApplication.application()
                .initializers(context -> context.getBeanFactory()
                        .registerSingleton("testClassesExcluded", new TestClassesExcluded()))
                .run("--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--conveyor.data-dir=" + dataDir,
                        "--conveyor.topics.prefix=" + prefix,
                        "--conveyor.topics.partitions=1",
                        "--conveyor.gateway.auth.admin-token=" + ADMIN_TOKEN);
        gateways.add(gateway);
        int port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
        await("gateway ready").atMost(STARTUP).pollInterval(Duration.ofMillis(200))
                .until(() -> call(port, "GET", "/actuator/health/readiness", null, null).statusCode() == 200);
        return port;
    }

    private static HttpResponse<String> call(int port, String method, String path, String bearer, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Keeps this module's test configurations and stand-ins out of a gateway started here, as
     * {@code @SpringBootTest} would: they share the gateway's packages.
     */
    private static final class TestClassesExcluded extends TypeExcludeFilter {

        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            String name = reader.getClassMetadata().getClassName();
            return name.endsWith("Tests") || name.contains("Tests$")
                    || reader.getAnnotationMetadata().hasMetaAnnotation(TestComponent.class.getName())
                    || reader.getAnnotationMetadata().hasAnnotation(TestComponent.class.getName());
        }
    }
}
