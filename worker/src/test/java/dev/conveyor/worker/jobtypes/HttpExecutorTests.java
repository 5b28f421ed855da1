package dev.conveyor.worker.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.conveyor.common.types.ExpectedStatus;
import dev.conveyor.common.types.HttpParams;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.execution.JobFailedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpExecutorTests {

    private static final JobContext CONTEXT = JobContext.detached("j1", 1, Duration.ofSeconds(5));

    private final HttpExecutor http = new HttpExecutor();
    private HttpServer server;

    private URI aServerAnswering(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/health");
    }

    private static HttpParams aGet(URI url, int expectStatus) {
        return new HttpParams(url, null, null, null, ExpectedStatus.of(expectStatus), null, null, null, null);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theExpectedStatusPassesWithItsLatency() throws Exception {
        var result = http.execute(aGet(aServerAnswering(204), 204), CONTEXT);

        assertThat(result.get("status").asInt()).isEqualTo(204);
        assertThat(result.get("latencyMs").asLong()).isNotNegative();
    }

    @Test
    void anotherStatusFailsNamingBoth() throws Exception {
        URI url = aServerAnswering(503);

        assertThatThrownBy(() -> http.execute(aGet(url, 200), CONTEXT))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("answered 503, expected 200");
    }

    @Test
    void anUnreachableUrlFailsSayingWhy() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI url = URI.create("http://localhost:" + closedPort + "/");

        assertThatThrownBy(() -> http.execute(aGet(url, 200), CONTEXT))
                .isInstanceOf(JobFailedException.class)
                .hasMessageStartingWith("could not reach " + url + ": ConnectException");
    }
}
