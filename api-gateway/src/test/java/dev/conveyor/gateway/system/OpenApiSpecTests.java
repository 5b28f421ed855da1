package dev.conveyor.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document as the running gateway serves it: complete enough to script against, and
 * written to {@code target/openapi.json}, where {@code ./conveyor test} lints it with Redocly CLI.
 */
@RunningGateway
class OpenApiSpecTests {

    /** Where the linter finds the document; the module's folder is the tests' working directory. */
    static final Path SPEC_FILE = Path.of("target", "openapi.json");

    private static final List<String> OPERATIONS = List.of(
            "post /api/v1/jobs", "post /api/v1/jobs:batch", "get /api/v1/jobs", "get /api/v1/jobs/{id}",
            "post /api/v1/jobs/{id}/cancel", "post /api/v1/jobs/{id}/relaunch", "get /api/v1/jobs/{id}/events",
            "get /api/v1/jobs/{id}/report",
            "get /api/v1/templates", "post /api/v1/templates", "get /api/v1/templates/{id}",
            "put /api/v1/templates/{id}", "delete /api/v1/templates/{id}", "post /api/v1/templates/{id}/launch",
            "get /api/v1/profiles", "post /api/v1/profiles", "get /api/v1/profiles/{id}",
            "put /api/v1/profiles/{id}", "delete /api/v1/profiles/{id}", "post /api/v1/profiles/{id}/run",
            "get /api/v1/tokens", "post /api/v1/tokens", "get /api/v1/tokens/{id}", "delete /api/v1/tokens/{id}",
            "get /api/v1/audit", "get /api/v1/queues", "get /api/v1/workers");

    @LocalServerPort
    private int port;

    private JsonNode spec;

    @BeforeEach
    void fetchTheSpecAndWriteItForTheLinter() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Files.createDirectories(SPEC_FILE.getParent());
        Files.writeString(SPEC_FILE, response.body());
        spec = JsonMapper.shared().readTree(response.body());
    }

    @Test
    void theSpecSaysWhatTheApiIsAndHowToAuthenticate() {
        assertThat(spec.path("openapi").asString()).startsWith("3.1");
        assertThat(spec.at("/info/title").asString()).isEqualTo("Conveyor API");
        assertThat(spec.at("/info/version").asString()).isNotBlank();
        assertThat(spec.at("/info/description").asString()).contains("Authorization: Bearer", "application/problem+json");
        assertThat(spec.at("/components/securitySchemes/bearerAuth/type").asString()).isEqualTo("http");
        assertThat(spec.at("/components/securitySchemes/bearerAuth/scheme").asString()).isEqualTo("bearer");
        assertThat(spec.at("/security/0").has("bearerAuth")).as("bearer auth required globally").isTrue();
        assertThat(spec.path("tags").valueStream().map(tag -> tag.path("name").asString()))
                .contains("jobs", "templates", "profiles", "tokens", "queues", "workers");
    }

    @Test
    void everyEndpointIsDescribedWithItsRoleAndANameToCallItBy() {
        assertThat(operationKeys()).containsExactlyInAnyOrderElementsOf(OPERATIONS);
        forEachOperation((key, operation) -> {
            assertThat(operation.path("operationId").asString()).as(key).isNotBlank();
            assertThat(operation.path("summary").asString()).as(key).isNotBlank();
            assertThat(operation.path("description").asString()).as(key).contains("Role: `");
            assertThat(operation.path("tags")).as(key).isNotEmpty();
        });
    }

    @Test
    void everyErrorAnswerIsAProblemAndTheSharedOnesAreEverywhere() {
        forEachOperation((key, operation) -> {
            JsonNode responses = operation.path("responses");
            assertThat(responses.propertyNames()).as(key).contains("400", "401", "403", "500");
            if (operation.has("requestBody")) {
                assertThat(responses.propertyNames()).as(key).contains("413", "415");
            }
            responses.properties().stream().filter(r -> r.getKey().matches("[45]\\d\\d")).forEach(r ->
                    assertThat(r.getValue().at("/content/application~1problem+json/schema/$ref").asString())
                            .as(key + " " + r.getKey()).isEqualTo("#/components/schemas/Problem"));
        });
        assertThat(spec.at("/paths/~1api~1v1~1jobs~1{id}/get/responses").has("404")).isTrue();
        assertThat(spec.at("/paths/~1api~1v1~1jobs~1{id}~1cancel/post/responses").has("409")).isTrue();
        assertThat(spec.at("/paths/~1api~1v1~1jobs/post/responses/503/headers").has("Retry-After")).isTrue();
        assertThat(spec.at("/components/schemas/Problem/properties/errors/items/properties").propertyNames())
                .contains("pointer", "parameter", "detail");
    }

    @Test
    void aSubmissionIsDocumentedWithExamplesAndItsStrictSchema() {
        JsonNode body = spec.at("/paths/~1api~1v1~1jobs/post/requestBody/content/application~1json");
        assertThat(body.path("examples").propertyNames()).contains("sleep", "http", "retried");
        JsonNode submit = spec.at("/components/schemas/SubmitJobRequest");
        assertThat(submit.path("required").valueStream().map(JsonNode::asString)).contains("type");
        assertThat(submit.at("/properties/type/maxLength").asInt()).isPositive();
        assertThat(submit.path("additionalProperties").asBoolean(true)).as("unknown fields refused").isFalse();
        assertThat(spec.at("/components/schemas/RetryPolicy/additionalProperties").asBoolean(true)).isFalse();
        assertThat(spec.at("/components/schemas/RetryPolicy/properties/maxAttempts/description").asString())
                .as("described from the record's javadoc").isNotBlank();
        assertThat(spec.at("/components/schemas/JobView/properties/params/type").asString()).isEqualTo("object");
    }

    @Test
    void theInteractiveDocsAreAtDocs() throws Exception {
        HttpResponse<String> docs = get("/docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(docs.body()).contains("swagger-ui");
    }

    private List<String> operationKeys() {
        List<String> keys = new ArrayList<>();
        forEachOperation((key, operation) -> keys.add(key));
        return keys;
    }

    private void forEachOperation(java.util.function.BiConsumer<String, JsonNode> check) {
        for (Map.Entry<String, JsonNode> path : spec.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                check.accept(operation.getKey() + " " + path.getKey(), operation.getValue());
            }
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
