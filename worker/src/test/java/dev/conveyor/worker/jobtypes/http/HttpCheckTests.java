package dev.conveyor.worker.jobtypes.http;

import static dev.conveyor.worker.jobtypes.http.LoopbackServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.jobs.JobEvent;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.HttpMethod;
import dev.conveyor.common.types.HttpParams;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.worker.targets.TargetGuard;
import dev.conveyor.worker.execution.JobContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HttpCheckTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private final HttpCheck http = new HttpCheck(TargetGuard.withDefaultScope(), AnswerBudget.withDefaultSize());
    private LoopbackServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = LoopbackServer.http();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Binds the parameters as the worker does, with {@code ${url}} standing for the test server's URL of a path. */
    private HttpParams params(String json) {
        String base = server.url("").toString();
        return (HttpParams) JobTypes.parse("http", ConveyorJson.mapper().readTree(json.replace("${base}", base)));
    }

    private CheckResult run(String json) throws InterruptedException {
        return run(http, json, TIMEOUT);
    }

    private CheckResult run(HttpCheck check, String json, Duration timeout) throws InterruptedException {
        return check.run(params(json), new JobContext("j1", 1, timeout, events::add, Clock.systemUTC()));
    }

    private static final String SECRET = "tok-0123456789abcdef";

    /** A context whose redaction masks {@link #SECRET}, as the worker's does for a job that holds it. */
    private CheckResult runHoldingTheSecret(String json) throws InterruptedException {
        return http.run(params(json), new JobContext("j1", 1, TIMEOUT, events::add, Clock.systemUTC(), null,
                text -> text.replace(SECRET, "********")));
    }

    @Test
    void aSecretAcrossTheCutOfTheBodyExcerptLeavesNoPartOfItself() throws Exception {
        answering(200, "x".repeat(2040) + SECRET + " and the rest");

        CheckResult result = runHoldingTheSecret("""
                {"url": "${base}/", "assertions": [{"body": {"contains": "never there"}}]}""");

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.evidence().get("body").asString()).hasSize(2048).startsWith("x".repeat(2040))
                .endsWith("********").doesNotContain(SECRET.substring(0, 6));
    }

    @Test
    void aSecretInAQuotedHeaderIsMaskedBeforeTheQuoteIsCut() throws Exception {
        server.on("/", (exchange, request) -> {
            exchange.getResponseHeaders().add("X-Echo", "y".repeat(30) + SECRET);
            send(exchange, 200, "");
        });

        CheckResult result = runHoldingTheSecret("""
                {"url": "${base}/", "assertions": [{"header": "X-Echo", "equals": "other"}]}""");

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).contains("header X-Echo is '" + "y".repeat(30) + "********'")
                .doesNotContain(SECRET.substring(0, 4));
    }

    private void answering(int status, String body) {
        server.on("/", (exchange, request) -> send(exchange, status, body));
    }

    // Status

    @Test
    void aJobAsWrittenBeforePassesWithStatusAndLatencyInItsEvidenceAndLogsOneLine() throws Exception {
        answering(204, "");

        CheckResult result = run("{\"url\": \"${base}/health\", \"expectStatus\": 204}");

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.evidence().get("status").asInt()).isEqualTo(204);
        assertThat(result.evidence().get("latencyMs").asLong()).isNotNegative();
        assertThat(result.evidence().has("body")).isFalse();
        assertThat(result.message()).matches("GET http://localhost:\\d+/health answered 204 in \\d+ ms");
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(JobEvent.Kind.LOG);
            assertThat(event.message()).isEqualTo(result.message());
        });
    }

    @Test
    void anotherStatusFailsNamingBoth() throws Exception {
        answering(404, "");

        CheckResult result = run("{\"url\": \"${base}/health\"}");

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).endsWith("/health: answered 404, expected 200");
        assertThat(result.evidence().get("status").asInt()).isEqualTo(404);
    }

    @Test
    void aServiceUnavailableWhereItShouldAnswerIsAnErrorWorthAnotherTryUnlessExpected() throws Exception {
        answering(503, "");

        CheckResult result = run("{\"url\": \"${base}/health\"}");

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).endsWith("/health: answered 503, expected 200");
        assertThat(run("{\"url\": \"${base}/health\", \"expectStatus\": \"500-599\"}").outcome())
                .isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void anyStatusOfTheListPasses() throws Exception {
        answering(204, "");

        assertThat(run("{\"url\": \"${base}/\", \"expectStatus\": [200, 204]}").outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(run("{\"url\": \"${base}/\", \"expectStatus\": [200, 201]}").message())
                .endsWith("answered 204, expected one of [200, 201]");
    }

    @Test
    void aStatusInTheRangePassesAndOneOutsideItFails() throws Exception {
        server.on("/ok", (exchange, request) -> send(exchange, 299, ""));
        server.on("/moved", (exchange, request) -> send(exchange, 300, ""));

        assertThat(run("{\"url\": \"${base}/ok\", \"expectStatus\": \"200-299\"}").outcome()).isEqualTo(CheckOutcome.PASSED);
        CheckResult moved = run("{\"url\": \"${base}/moved\", \"expectStatus\": \"200-299\"}");
        assertThat(moved.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(moved.message()).endsWith("answered 300, expected 200-299");
    }

    // What is sent

    @ParameterizedTest
    @EnumSource(HttpMethod.class)
    void theMethodIsSentAsGiven(HttpMethod method) throws Exception {
        answering(200, "");

        CheckResult result = run("{\"url\": \"${base}/m\", \"method\": \"" + method + "\"}");

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.message()).startsWith(method + " http://");
        assertThat(server.nextRequest().method()).isEqualTo(method.name());
    }

    @Test
    void theBodyIsSentAndTheEchoCanBeChecked() throws Exception {
        server.on("/", (exchange, request) -> send(exchange, 200, request.method() + " " + request.body()));

        CheckResult result = run("""
                {"url": "${base}/", "method": "PUT", "headers": {"Content-Type": "text/plain"}, "body": "größer",
                 "assertions": [{"body": {"contains": "PUT größer"}}]}""");

        assertThat(result.outcome()).as(result.message()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void theHeadersAreSentAsGiven() throws Exception {
        answering(200, "");

        run("""
                {"url": "${base}/", "headers": {"Authorization": "Bearer t0ken", "X-Probe": "a, b", "Accept": "text/plain"}}""");

        var headers = server.nextRequest().headers();
        assertThat(headers.getFirst("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(headers.getFirst("X-Probe")).isEqualTo("a, b");
        assertThat(headers.getFirst("Accept")).isEqualTo("text/plain");
    }

    // Header assertions

    private void answeringWithHeaders() {
        server.on("/", (exchange, request) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().add("X-Version", "4.1.2");
            send(exchange, 200, "{}");
        });
    }

    @Test
    void headerAssertionsThatHoldPass() throws Exception {
        answeringWithHeaders();

        CheckResult result = run("""
                {"url": "${base}/", "assertions": [
                  {"header": "content-type", "contains": "json"},
                  {"header": "X-Version", "matches": "^4\\\\.\\\\d+\\\\.\\\\d+$"},
                  {"header": "X-Version", "equals": "4.1.2"}]}""");

        assertThat(result.outcome()).as(result.message()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.evidence().get("headers").properties()).extracting(e -> e.getKey() + "=" + e.getValue().asString())
                .containsExactly("content-type=application/json; charset=utf-8", "X-Version=4.1.2");
    }

    @Test
    void eachHeaderAssertionThatDoesNotHoldIsListedWithoutTheBody() throws Exception {
        answeringWithHeaders();

        CheckResult result = run("""
                {"url": "${base}/", "assertions": [
                  {"header": "Content-Type", "contains": "xml"},
                  {"header": "X-Version", "matches": "^5\\\\."},
                  {"header": "X-Version", "equals": "4.1"},
                  {"header": "X-Region", "equals": "eu"}]}""");

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).endsWith(": "
                + "header Content-Type is 'application/json; charset=utf-8', which does not contain 'xml'; "
                + "header X-Version is '4.1.2', which does not match '^5\\.'; "
                + "header X-Version is '4.1.2', not '4.1'; "
                + "header X-Region is missing");
        assertThat(result.evidence().get("headers").get("X-Version").asString()).isEqualTo("4.1.2");
        assertThat(result.evidence().has("body")).as("no assertion on the body failed").isFalse();
    }

    // Body assertions

    @Test
    void bodyAssertionsThatHoldPass() throws Exception {
        answering(200, "{\"status\": \"UP\", \"build\": 1234}");

        CheckResult result = run("""
                {"url": "${base}/", "assertions": [
                  {"body": {"contains": "\\"UP\\""}},
                  {"body": {"matches": "\\"build\\":\\\\s*\\\\d{4}"}}]}""");

        assertThat(result.outcome()).as(result.message()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.evidence().has("body")).isFalse();
    }

    @Test
    void aBodyAssertionThatDoesNotHoldShowsTheFirst2KiBOfTheBody() throws Exception {
        String page = "<html>" + "x".repeat(5000) + "</html>";
        answering(200, page);

        CheckResult result = run("""
                {"url": "${base}/", "assertions": [
                  {"body": {"contains": "Welcome"}},
                  {"body": {"matches": "<title>.*</title>"}}]}""");

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).endsWith(": the body does not contain 'Welcome'; the body does not match '<title>.*</title>'");
        assertThat(result.evidence().get("body").asString()).isEqualTo(page.substring(0, 2048));
        assertThat(result.evidence().has("bodyCut")).isFalse();
    }

    @Test
    void theBodyIsReadInTheCharsetItsContentTypeNames() throws Exception {
        server.on("/", (exchange, request) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=ISO-8859-1");
            byte[] latin1 = "größer".getBytes(StandardCharsets.ISO_8859_1);
            exchange.sendResponseHeaders(200, latin1.length);
            exchange.getResponseBody().write(latin1);
        });

        CheckResult result = run("{\"url\": \"${base}/\", \"assertions\": [{\"body\": {\"contains\": \"größer\"}}]}");

        assertThat(result.outcome()).as(result.message()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void aJsonPointerAssertionComparesTheValueThereNumbersByValue() throws Exception {
        answering(200, "{\"status\": \"UP\", \"checks\": {\"db\": {\"ms\": 3.0, \"tags\": [\"a\"]}}, \"note\": null}");

        CheckResult result = run("""
                {"url": "${base}/", "assertions": [
                  {"jsonPointer": "/status", "equals": "UP"},
                  {"jsonPointer": "/checks/db/ms", "equals": 3},
                  {"jsonPointer": "/checks/db", "equals": {"tags": ["a"], "ms": 3}},
                  {"jsonPointer": "/note", "equals": null}]}""");

        assertThat(result.outcome()).as(result.message()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void aJsonPointerAssertionFailsOnAnotherValueANoValueOrABodyThatIsNotJson() throws Exception {
        server.on("/json", (exchange, request) -> send(exchange, 200, "{\"status\": \"DOWN\"}"));
        server.on("/text", (exchange, request) -> send(exchange, 200, "all good"));

        CheckResult json = run("""
                {"url": "${base}/json", "assertions": [
                  {"jsonPointer": "/status", "equals": "UP"},
                  {"jsonPointer": "/checks/db", "equals": "UP"}]}""");
        CheckResult text = run("""
                {"url": "${base}/text", "assertions": [{"jsonPointer": "/status", "equals": "UP"}]}""");

        assertThat(json.message()).endsWith(": /status is \"DOWN\", expected \"UP\"; the body has nothing at /checks/db");
        assertThat(json.evidence().get("body").asString()).isEqualTo("{\"status\": \"DOWN\"}");
        assertThat(text.message()).endsWith(": the body is not JSON, so it has nothing at /status");
    }

    @Test
    void aJsonPointerAssertionReadsOnlyTheValueThereAndNoMoreOfItThanItIsComparedWith() throws Exception {
        answering(200, "{\"items\": [" + "0,".repeat(100_000) + "0], \"status\": \"UP\"}");

        CheckResult result = run("""
                {"url": "${base}/", "assertions": [
                  {"jsonPointer": "/status", "equals": "UP"},
                  {"jsonPointer": "/items", "equals": [0, 0]}]}""");

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).endsWith(": /items holds more than expected, [0,0]");
    }

    @Test
    void aBodyThatStopsBeingJsonAfterTheValueIsNotJson() throws Exception {
        answering(200, "{\"status\": \"UP\", oops}");

        CheckResult result = run("""
                {"url": "${base}/", "assertions": [{"jsonPointer": "/status", "equals": "UP"}]}""");

        assertThat(result.message()).endsWith(": the body is not JSON, so it has nothing at /status");
    }

    @Test
    void aBodyIsReadUpTo1MiBAndAnAssertionThatFailsSaysItWasCut() throws Exception {
        // A body that would never end: only the check stopping reading ends it.
        server.on("/", (exchange, request) -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = "a".repeat(64 * 1024).getBytes();
                for (int written = 0; written < 64; written++) {
                    out.write(chunk);
                }
            } catch (IOException dropped) {
                // The check has read enough and hung up.
            }
        });

        CheckResult result = run("""
                {"url": "${base}/", "assertions": [
                  {"body": {"contains": "aaaa"}},
                  {"body": {"contains": "the end"}},
                  {"jsonPointer": "/status", "equals": "UP"}]}""");

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).endsWith(": the body does not contain 'the end' (it was cut at 1 MiB, the rest unread); "
                + "the body was cut at 1 MiB, so /status cannot be read in it");
        assertThat(result.evidence().get("body").asString()).hasSize(2048);
        assertThat(result.evidence().get("bodyCut").asBoolean()).isTrue();
    }

    // Redirects

    @Test
    void aRedirectIsTheAnswerUnlessItIsFollowed() throws Exception {
        server.on("/old", (exchange, request) -> {
            exchange.getResponseHeaders().add("Location", "/new");
            send(exchange, 302, "");
        });
        server.on("/new", (exchange, request) -> send(exchange, 200, "here"));

        CheckResult notFollowed = run("{\"url\": \"${base}/old\"}");
        CheckResult followed = run("{\"url\": \"${base}/old\", \"followRedirects\": true}");

        assertThat(notFollowed.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(notFollowed.message()).endsWith("answered 302, expected 200");
        assertThat(notFollowed.evidence().get("headers").get("Location").asString()).isEqualTo("/new");
        assertThat(followed.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(followed.evidence().get("url").asString()).isEqualTo(server.url("/new").toString());
    }

    // Latency

    /** A check whose clock moves only when the server says how long it took. */
    private final AtomicLong nanos = new AtomicLong();
    private final HttpCheck onTheServersClock = new HttpCheck(TargetGuard.withDefaultScope(),
            AnswerBudget.withDefaultSize(), new HttpClients(), nanos::get);

    private void answeringAfter(Duration took) {
        server.on("/", (exchange, request) -> {
            nanos.addAndGet(took.toNanos());
            send(exchange, 200, "");
        });
    }

    @Test
    void anAnswerSlowerThanMaxLatencyFails() throws Exception {
        answeringAfter(Duration.ofMillis(1500));

        CheckResult result = run(onTheServersClock, "{\"url\": \"${base}/\", \"maxLatency\": \"PT1S\"}", TIMEOUT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).endsWith(": took 1500 ms, more than maxLatency PT1S");
        assertThat(result.evidence().get("latencyMs").asLong()).isEqualTo(1500);
    }

    @Test
    void anAnswerWithinMaxLatencyPasses() throws Exception {
        answeringAfter(Duration.ofMillis(1000));

        CheckResult result = run(onTheServersClock, "{\"url\": \"${base}/\", \"maxLatency\": \"PT1S\"}", TIMEOUT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.evidence().get("latencyMs").asLong()).isEqualTo(1000);
    }

    @Test
    void everyExpectationThatDoesNotHoldIsListed() throws Exception {
        answeringAfter(Duration.ofSeconds(2));

        CheckResult result = run(onTheServersClock, """
                {"url": "${base}/", "expectStatus": 204, "maxLatency": "PT1S",
                 "assertions": [{"header": "X-Missing", "contains": "x"}]}""", TIMEOUT);

        assertThat(result.message()).endsWith(": answered 200, expected 204; header X-Missing is missing; "
                + "took 2000 ms, more than maxLatency PT1S");
    }

    // No answer

    @Test
    void aPortNobodyListensOnIsAnError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI url = URI.create("http://localhost:" + closedPort + "/");

        CheckResult result = run("{\"url\": \"" + url + "\"}");

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).startsWith("could not reach " + url + ": ConnectException");
        assertThat(events).as("nothing answered").isEmpty();
    }

    @Test
    void aServerThatNeverAnswersIsAnErrorWithinTheJobTimeout() throws Exception {
        server.on("/", (exchange, request) -> server.holdUntilClosed());

        CheckResult result = run(http, "{\"url\": \"${base}/\"}", Duration.ofMillis(300));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).endsWith("/ got no complete answer within PT0.3S");
        assertThat(result.duration()).isLessThan(TIMEOUT);
    }

    @Test
    void aBodyThatStopsHalfwayIsAnErrorWithinTheJobTimeout() throws Exception {
        server.on("/", (exchange, request) -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("{\"status\":".getBytes());
            exchange.getResponseBody().flush();
            server.holdUntilClosed();
        });

        CheckResult result = run(http, "{\"url\": \"${base}/\"}", Duration.ofMillis(300));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).endsWith("/ got no complete answer within PT0.3S");
    }

    @Test
    void aCanceledCheckStopsWaitingForTheAnswer() throws Exception {
        server.on("/", (exchange, request) -> server.holdUntilClosed());
        AtomicBoolean interrupted = new AtomicBoolean();
        HttpParams params = params("{\"url\": \"${base}/\"}");

        Thread job = Thread.ofVirtual().start(() -> {
            try {
                http.run(params, JobContext.detached("j1", 1, TIMEOUT));
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        server.nextRequest();
        job.interrupt();

        await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
    }
}
