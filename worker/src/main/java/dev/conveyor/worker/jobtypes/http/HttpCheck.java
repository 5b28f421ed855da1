package dev.conveyor.worker.jobtypes.http;

import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.types.HttpAssertion;
import dev.conveyor.common.types.HttpParams;
import dev.conveyor.worker.execution.Check;
import dev.conveyor.worker.execution.JobContext;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code http}: sends one request and checks the answer's status, the job's assertions on its
 * headers and body, and its latency. It passes when all hold and fails listing each that does
 * not; no answer (refused, reset, a TLS failure, nothing within the job's timeout) is an error.
 *
 * <p>The evidence, passed or failed, holds {@code status} and {@code latencyMs} (from sending to
 * having read the body), as the job's result always did; {@code url} when redirects led
 * elsewhere; {@code headers}, the values of those the assertions name and of {@code Location};
 * and, only when an assertion on the body failed, the first 2 KiB of the {@code body}, with
 * {@code bodyCut} when the body went on past the 1 MiB that is read of it.
 *
 * <p>Another status than expected is a finding, {@code check-failed}, which a retry policy does
 * not retry unless its {@code retryOn} names it: a 503 used to be retried as transient, but a
 * check reports the target as it found it. Only an error ({@code check-error}) is transient.
 */
@Component
class HttpCheck implements Check<HttpParams> {

    /** Beyond this a body is not read: plenty for a health or status page, and bounded memory per check. */
    static final int MAX_BODY = 1024 * 1024;
    /** {@link #MAX_BODY} for people. */
    static final String MAX_BODY_TEXT = "1 MiB";
    /** How much of the body a failed check shows. */
    static final int BODY_EVIDENCE = 2 * 1024;

    private final HttpClients clients;
    private final LongSupplier nanoTime;

    HttpCheck() {
        this(new HttpClients(), System::nanoTime);
    }

    /**
     * @param clients what sends the requests
     * @param nanoTime the monotonic clock latencies are measured on
     */
    HttpCheck(HttpClients clients, LongSupplier nanoTime) {
        this.clients = clients;
        this.nanoTime = nanoTime;
    }

    @Override
    public String type() {
        return "http";
    }

    @Override
    public Class<HttpParams> paramsType() {
        return HttpParams.class;
    }

    @Override
    public CheckResult run(HttpParams params, JobContext context) throws InterruptedException {
        long started = nanoTime.getAsLong();
        String request = params.method() + " " + params.url();
        HttpResponse<CappedBody> response;
        try {
            response = clients.send(requestOf(params, context.timeout()), params.followRedirects(), params.verifyTls(),
                    context.timeout(), MAX_BODY);
        } catch (HttpConnectTimeoutException e) {
            return unreachable(params, e, started);
        } catch (HttpTimeoutException | TimeoutException e) {
            return CheckResult.error(request + " got no complete answer within " + context.timeout(), null, since(started));
        } catch (IOException | IllegalArgumentException e) {
            return unreachable(params, e, started);
        }
        HttpAnswer answer = new HttpAnswer(response.uri(), response.statusCode(), response.headers(), response.body(),
                since(started));
        String answered = request + " answered " + answer.status() + " in " + answer.latency().toMillis() + " ms";
        context.log(answered);
        AnswerJudge.Verdict verdict = AnswerJudge.judge(params, answer);
        ObjectNode evidence = evidence(params, answer, verdict.bodyFailed());
        if (verdict.holds()) {
            return CheckResult.passed(answered, evidence, since(started));
        }
        String message = request + ": " + String.join("; ", verdict.failures());
        // A service that is overloaded or down (429, 5xx) where another status was expected could
        // not be judged: that is an error, which a retry may get past, not a finding.
        return unavailable(answer.status()) && !params.expectStatus().accepts(answer.status())
                ? CheckResult.error(message, evidence, since(started))
                : CheckResult.failed(message, evidence, since(started));
    }

    private CheckResult unreachable(HttpParams params, Exception failure, long started) {
        return CheckResult.error("could not reach " + params.url() + ": " + JobError.describe(failure), null,
                since(started));
    }

    /** @throws IllegalArgumentException for a request the HTTP client refuses, which validation should have caught */
    private static HttpRequest requestOf(HttpParams params, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(params.url()).timeout(timeout)
                .method(params.method().name(), params.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(params.body(), StandardCharsets.UTF_8));
        params.headers().forEach(request::header);
        return request.build();
    }

    private static ObjectNode evidence(HttpParams params, HttpAnswer answer, boolean bodyFailed) {
        ObjectNode evidence = JsonNodeFactory.instance.objectNode()
                .put("status", answer.status())
                .put("latencyMs", answer.latency().toMillis());
        if (!answer.uri().equals(params.url())) {
            evidence.put("url", answer.uri().toString());
        }
        // Header names are case-insensitive: the spelling of the first assertion to name one is kept.
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        params.assertions().stream().map(HttpAssertion::header).filter(Objects::nonNull).forEach(names::add);
        names.add("Location");
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        names.forEach(name -> answer.header(name).ifPresent(value -> headers.put(name, value)));
        if (!headers.isEmpty()) {
            evidence.set("headers", headers);
        }
        if (bodyFailed) {
            evidence.put("body", answer.text(answer.body().first(BODY_EVIDENCE)));
            if (answer.body().cut()) {
                evidence.put("bodyCut", true);
            }
        }
        return evidence;
    }

    private Duration since(long started) {
        return Duration.ofNanos(nanoTime.getAsLong() - started);
    }

    private static boolean unavailable(int status) {
        return status == 429 || status >= 500;
    }
}
