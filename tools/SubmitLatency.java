import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures submit-to-SUCCEEDED latency as a client sees it: submits jobs one after another to a
 * running gateway and polls each until the gateway shows it SUCCEEDED.
 *
 * <p>Run with a JDK 21+, no build needed:
 * {@code java tools/SubmitLatency.java [gateway-url] [jobs] [job-json]}
 * (defaults: http://localhost:8080, 200, {"type":"noop"}). Prints p50/p95/p99/max in ms. It calls
 * the API with the token in {@code CONVEYOR_TOKEN} or else the one {@code ./conveyor up} wrote to
 * {@code .conveyor/admin.token}; it needs the role OPERATOR.
 */
public class SubmitLatency {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

    public static void main(String[] args) throws Exception {
        String gateway = args.length > 0 ? args[0] : "http://localhost:8080";
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String job = args.length > 2 ? args[2] : "{\"type\":\"noop\"}";
        String token = token();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest submit = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/jobs"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(job)).build();

        for (int i = 0; i < 20; i++) { // warm-up, not counted
            awaitSucceeded(http, gateway, token, idOf(http.send(submit, HttpResponse.BodyHandlers.ofString())));
        }
        long[] micros = new long[jobs];
        for (int i = 0; i < jobs; i++) {
            long start = System.nanoTime();
            String id = idOf(http.send(submit, HttpResponse.BodyHandlers.ofString()));
            awaitSucceeded(http, gateway, token, id);
            micros[i] = (System.nanoTime() - start) / 1_000;
        }
        Arrays.sort(micros);
        System.out.printf("%d sequential jobs %s: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", jobs, job,
                at(micros, 0.50), at(micros, 0.95), at(micros, 0.99), micros[jobs - 1] / 1000.0);
    }

    private static String token() throws Exception {
        String token = System.getenv("CONVEYOR_TOKEN");
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        Path file = Path.of(".conveyor", "admin.token");
        if (!Files.exists(file)) {
            throw new IllegalStateException("no token: set CONVEYOR_TOKEN, or run this where ./conveyor up wrote "
                    + file);
        }
        return Files.readString(file).strip();
    }

    private static String idOf(HttpResponse<String> response) {
        Matcher id = ID.matcher(response.body());
        if (response.statusCode() != 202 || !id.find()) {
            throw new IllegalStateException("submit answered " + response.statusCode() + ": " + response.body());
        }
        return id.group(1);
    }

    private static void awaitSucceeded(HttpClient http, String gateway, String token, String id) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/jobs/" + id))
                .header("Authorization", "Bearer " + token).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher status = STATUS.matcher(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
            String now = status.find() ? status.group(1) : "?";
            if (now.equals("SUCCEEDED")) {
                return;
            }
            if (!now.equals("QUEUED") && !now.equals("RUNNING")) {
                throw new IllegalStateException("job " + id + " ended " + now);
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("job " + id + " not SUCCEEDED within 30 s");
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1000.0;
    }
}
