package dev.conveyor.system;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client of Prometheus' HTTP API: instant queries, and the documents the API answers with. */
record PrometheusApi(URI base) implements MonitoringCheck.Prometheus {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** {@code /api/v1/query} now: a vector's series, a scalar or string as one series without labels. */
    @Override
    public MonitoringCheck.Answer query(String expr) {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        if (!body.path("status").asString().equals("success")) {
            return MonitoringCheck.Answer.refused(body.path("errorType").asString() + ": " + body.path("error").asString());
        }
        JsonNode data = body.path("data");
        List<Map<String, String>> series = new ArrayList<>();
        if (data.path("resultType").asString().matches("vector|matrix")) {
            for (JsonNode result : data.path("result")) {
                Map<String, String> labels = new LinkedHashMap<>();
                result.path("metric").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asString()));
                series.add(labels);
            }
        } else {
            series.add(Map.of());
        }
        return new MonitoringCheck.Answer(series, null);
    }

    /** The JSON document under {@code path}, whatever the status; Prometheus explains a refusal in it. */
    JsonNode get(String path) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether Prometheus says it is ready to serve queries. */
    boolean ready() {
        try {
            return CLIENT.send(HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
