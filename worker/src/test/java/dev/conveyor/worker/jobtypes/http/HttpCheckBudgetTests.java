package dev.conveyor.worker.jobtypes.http;

import static dev.conveyor.worker.jobtypes.http.LoopbackServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.HttpParams;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.targets.TargetGuard;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Large answers at a worker's full concurrency: the bodies its {@code http} checks keep never take
 * more than its answer budget, every check ends, and a check that gets no room in time is an error
 * that names the budget, never a worker out of memory.
 */
class HttpCheckBudgetTests {

    private static final int KIB = 1024;
    /** The default slots of a worker ({@code conveyor.worker.max-in-flight}). */
    private static final int SLOTS = 256;
    private static final int BODY = 64 * KIB;

    /** Room for one body of up to 1 MiB that declares no length (5 MiB), and a little more. */
    private static final int BUDGET = 6 * 1024 * KIB;

    private final AnswerBudget budget = new AnswerBudget(BUDGET);
    private final HttpCheck http = new HttpCheck(TargetGuard.withDefaultScope(), budget);
    private LoopbackServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = LoopbackServer.http();
        server.on("/declared", (exchange, request) -> send(exchange, 200, "a".repeat(BODY - 4) + "done"));
        server.on("/streamed", (exchange, request) -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int written = 0; written < BODY / KIB - 1; written++) {
                    out.write("b".repeat(KIB).getBytes(StandardCharsets.US_ASCII));
                }
                out.write(("b".repeat(KIB - 4) + "done").getBytes(StandardCharsets.US_ASCII));
            }
        });
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private CheckResult check(String path, String assertions, Duration timeout) throws InterruptedException {
        return check(http, path, assertions, timeout);
    }

    private CheckResult check(HttpCheck check, String path, String assertions, Duration timeout)
            throws InterruptedException {
        HttpParams params = (HttpParams) JobTypes.parse("http", ConveyorJson.mapper().readTree(
                "{\"url\": \"" + server.url(path) + "\", \"assertions\": [" + assertions + "]}"));
        return check.run(params, JobContext.detached("j1", 1, timeout));
    }

    @Test
    void largeAnswersAtFullConcurrencyStayWithinTheBudgetAndEveryCheckEnds() throws Exception {
        List<Future<CheckResult>> checks = new ArrayList<>();
        try (ExecutorService slots = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int slot = 0; slot < SLOTS; slot++) {
                String path = slot % 2 == 0 ? "/declared" : "/streamed";
                checks.add(slots.submit(() -> check(path, "{\"body\": {\"contains\": \"done\"}}",
                        Duration.ofMinutes(2))));
            }
            for (Future<CheckResult> check : checks) {
                CheckResult result = check.get(3, TimeUnit.MINUTES);
                assertThat(result.outcome()).as(result.message()).isEqualTo(CheckOutcome.PASSED);
            }
        }

        assertThat(budget.peak()).as("the most the checks' answers held at once")
                .isGreaterThanOrEqualTo((long) CappedBody.BUDGET_PER_BYTE * BODY).isLessThanOrEqualTo(BUDGET);
        assertThat(budget.held()).isZero();
    }

    @Test
    void aCheckThatGetsNoRoomInTimeIsAnErrorNamingTheBudget() throws Exception {
        AnswerBudget tight = new AnswerBudget(CappedBody.BUDGET_PER_BYTE * 1024 * KIB + 64 * KIB);
        HttpCheck tightly = new HttpCheck(TargetGuard.withDefaultScope(), tight);
        // An answer that declares 1 MiB, sends a little of it and then nothing: its check holds room for 1 MiB meanwhile.
        server.on("/stalled", (exchange, request) -> {
            exchange.sendResponseHeaders(200, 1024 * KIB);
            exchange.getResponseBody().write("c".repeat(KIB).getBytes(StandardCharsets.US_ASCII));
            exchange.getResponseBody().flush();
            server.holdUntilClosed();
        });
        try (ExecutorService slots = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<CheckResult> stalled = slots.submit(() -> check(tightly, "/stalled",
                    "{\"body\": {\"contains\": \"c\"}}", Duration.ofSeconds(30)));
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> tight.held() == CappedBody.BUDGET_PER_BYTE * 1024 * KIB);

                CheckResult result = check(tightly, "/declared", "{\"body\": {\"contains\": \"done\"}}",
                        Duration.ofMillis(500));

                assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
                assertThat(result.message()).endsWith("/declared could not be checked: there was no room for its"
                        + " answer in this worker's answer budget (conveyor.worker.http.answer-budget, 5184 KiB) within"
                        + " its timeout: other checks held their answers");
            } finally {
                stalled.cancel(true);
            }
        }
        assertThat(tight.held()).isZero();
    }

    @Test
    void aCheckThatAssertsNothingOnTheBodyKeepsNoneOfIt() throws Exception {
        CheckResult result = check("/declared", "{\"header\": \"Content-Length\", \"equals\": \"" + BODY + "\"}",
                Duration.ofSeconds(30));

        assertThat(result.outcome()).as(result.message()).isEqualTo(CheckOutcome.PASSED);
        assertThat(budget.peak()).isZero();
    }
}
