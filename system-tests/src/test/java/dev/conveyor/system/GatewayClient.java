package dev.conveyor.system;

import dev.conveyor.common.json.ConveyorJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark suite's client of a gateway's REST API, as its admin: HTTP/1.1, a connection per
 * concurrent request, answers read whole.
 */
final class GatewayClient implements AutoCloseable {

    /** Longer than the gateway's publish timeout (10 s), so that a slow answer is the gateway's, not ours. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String token;

    GatewayClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Submits a batch; the ids of its jobs, or fails unless the gateway answered 202. */
    List<String> submitBatch(String body) throws IOException, InterruptedException {
        HttpResponse<String> answer = post("/api/v1/jobs:batch", body);
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("batch answered " + answer.statusCode() + ": " + answer.body());
        }
        List<String> ids = new ArrayList<>();
        ConveyorJson.mapper().readTree(answer.body()).get("jobs").forEach(job -> ids.add(job.get("id").asString()));
        return ids;
    }

    /** Submits one job; its id, or {@code null} unless the gateway answered 202. */
    String submit(String body) throws IOException, InterruptedException {
        HttpResponse<String> answer = post("/api/v1/jobs", body);
        return answer.statusCode() == 202 ? ConveyorJson.mapper().readTree(answer.body()).get("id").asString() : null;
    }

    /** The job's status in the gateway's store, or {@code null} if the store does not know it. */
    String status(String jobId) throws IOException, InterruptedException {
        HttpResponse<String> answer = get(base.resolve("/api/v1/jobs/" + jobId), token);
        return answer.statusCode() == 200 ? ConveyorJson.mapper().readTree(answer.body()).get("status").asString() : null;
    }

    /**
     * The heap a gateway or worker uses, in bytes: the sum of {@code jvm_memory_used_bytes} of area
     * heap on its {@code /actuator/prometheus}, which both serve (a worker serves no
     * {@code /actuator/metrics}).
     */
    double heapBytes(int port, String bearer) throws IOException, InterruptedException {
        URI uri = URI.create(base.getScheme() + "://" + base.getHost() + ":" + port + "/actuator/prometheus");
        HttpResponse<String> answer = get(uri, bearer);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + answer.statusCode());
        }
        return answer.body().lines()
                .filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    String token() {
        return token;
    }

    URI base() {
        return base;
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI uri, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        http.close();
    }
}
