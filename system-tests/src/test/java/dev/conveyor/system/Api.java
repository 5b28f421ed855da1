package dev.conveyor.system;

import dev.conveyor.common.json.ConveyorJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** A tiny client of a gateway's REST API, for tests that run the real thing; it sends a bearer token. */
final class Api {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String token;

    /** @param token the bearer token to send, or {@code null} to send none */
    Api(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** The API of a gateway this JVM started ({@link ConveyorApps}), as its admin. */
    static Api onPort(int port) {
        return onPort(port, ConveyorApps.ADMIN_TOKEN);
    }

    static Api onPort(int port, String token) {
        return new Api("http://localhost:" + port, token);
    }

    /** Without a token: for what is open to anybody (health), and for workers, which have no API. */
    static Api anonymousOnPort(int port) {
        return onPort(port, null);
    }

    Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST with one more header, such as a trace context. */
    Response post(String path, String json, String header, String value) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    Response get(String pathOrUrl) {
        URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl);
        return send(HttpRequest.newBuilder(uri).GET());
    }

    /** Submits a job and returns its id, failing unless the gateway accepted it. */
    String submit(String json) {
        Response response = post("/api/v1/jobs", json);
        if (response.status() != 202) {
            throw new AssertionError("submit answered " + response.status() + ": " + response.body());
        }
        return response.json().get("id").asString();
    }

    String statusOf(String jobId) {
        Response response = get("/api/v1/jobs/" + jobId);
        return response.status() == 200 ? response.json().get("status").asString() : "HTTP " + response.status();
    }

    /**
     * Opens the event stream of a job.
     *
     * @param lastEventId the id to resume after, or {@code null} for a new stream
     */
    EventStream events(String jobId, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/jobs/" + jobId + "/events"))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return new EventStream(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Response send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String body, String location, String contentType) {

        JsonNode json() {
            return ConveyorJson.mapper().readTree(body);
        }
    }
}
