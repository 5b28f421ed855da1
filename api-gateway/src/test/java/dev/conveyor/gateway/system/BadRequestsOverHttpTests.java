package dev.conveyor.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Bad input that only a real server sees: bodies streamed without a length, requests Tomcat itself
 * refuses. The answers are problems all the same, and nothing reaches Kafka.
 */
@RunningGateway
class BadRequestsOverHttpTests {

    private static final int MIB = 1024 * 1024;
    private static final String BEARER = "Bearer " + RunningGateway.ADMIN_TOKEN;

    @LocalServerPort
    private int port;

    @Autowired
    private KafkaTemplate<String, Object> kafka;

    @BeforeEach
    void kafkaAcknowledgesEverything() {
        given(kafka.send(anyString(), anyString(), any())).willReturn(CompletableFuture.completedFuture(null));
    }

    @Test
    void aBodyStreamedPastTheLimitIs413() throws Exception {
        HttpResponse<String> response = submit(streamed(jobWithLabelOf(3 * MIB)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":413", "1 MiB");
        then(kafka).shouldHaveNoInteractions();
    }

    @Test
    void aBodyDeclaredPastTheLimitIs413WithoutBeingRead() throws Exception {
        HttpResponse<String> response = submit(BodyPublishers.ofByteArray(jobWithLabelOf(3 * MIB)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        then(kafka).shouldHaveNoInteractions();
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws Exception {
        String job = "{\"type\": \"noop\"}";
        byte[] padded = (job.substring(0, job.length() - 1) + " ".repeat(MIB - job.length()) + "}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(padded).hasSize(MIB);

        assertThat(submit(streamed(padded)).statusCode()).isEqualTo(202);
        assertThat(submit(BodyPublishers.ofByteArray(padded)).statusCode()).isEqualTo(202);
    }

    @Test
    void anUnknownPathIs404Problem() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/v1/nothing")).header("Authorization", BEARER).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    @Test
    void aRequestTomcatRefusesIsAProblemToo() throws Exception {
        for (String request : new String[] {
                "GET /api/v1/jobs/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /api/v1/jobs/a%2Fb HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(20_000)
                        + "\r\nConnection: close\r\n\r\n"}) {
            String answer = raw(request);

            assertThat(answer).as(request.substring(0, 40)).startsWith("HTTP/1.1 400")
                    .contains("Content-Type: application/problem+json", "\"status\":400")
                    .doesNotContain("<html");
        }
    }

    /** What a client that writes HTTP by hand gets back, whole. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] jobWithLabelOf(int size) {
        return ("{\"type\": \"noop\", \"labels\": {\"a\": \"" + "x".repeat(size) + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** No Content-Length: the client sends the body in chunks. */
    private static BodyPublisher streamed(byte[] body) {
        return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    private HttpResponse<String> submit(BodyPublisher body) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(uri("/api/v1/jobs")).header("Authorization", BEARER)
                    .header("Content-Type", "application/json").POST(body).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
