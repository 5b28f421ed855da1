package dev.conveyor.worker.jobtypes;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.types.HttpParams;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.execution.JobExecutor;
import dev.conveyor.worker.execution.JobFailedException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** {@code http}: requests a URL and passes if the answer has the expected status. */
@Component
class HttpExecutor implements JobExecutor<HttpParams> {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Override
    public String type() {
        return "http";
    }

    @Override
    public Class<HttpParams> paramsType() {
        return HttpParams.class;
    }

    @Override
    public JsonNode execute(HttpParams params, JobContext context) throws InterruptedException,
            JobFailedException {
        HttpRequest request = HttpRequest.newBuilder(params.url()).timeout(context.timeout()).GET().build();
        long start = System.nanoTime();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new JobFailedException("unreachable", "could not reach " + params.url() + ": "
                    + JobError.describe(e), true);
        }
        long latencyMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        context.log("GET " + params.url() + " answered " + response.statusCode() + " in " + latencyMs + " ms");
        if (!params.expectStatus().accepts(response.statusCode())) {
            throw new JobFailedException("unexpected-status", params.url() + " answered " + response.statusCode()
                    + ", expected " + params.expectStatus(), isTransient(response.statusCode()));
        }
        return JsonNodeFactory.instance.objectNode().put("status", response.statusCode()).put("latencyMs", latencyMs);
    }

    /** Overload and outages answer 429 or 5xx and may pass later; any other answer would come again. */
    private static boolean isTransient(int status) {
        return status == 429 || status >= 500;
    }
}
