package dev.conveyor.worker.jobtypes.http;

import static dev.conveyor.worker.jobtypes.http.LoopbackServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.jobs.JobEvent;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.HttpParams;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.targets.TargetGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A redirect to another origin (scheme, host or port) gets neither the job's credentials nor its
 * body unless the job trusts its redirects: two servers on loopback, the job's own origin and
 * another one, see what each is sent.
 */
class RedirectCredentialsTests {

    private static final String SECRET = "k-0123456789abcdef";

    /** Every header that is a credential, by name or by holding a secret, and one that is not. */
    private static final String HEADERS = """
            "headers": {"Authorization": "Bearer t0ken", "Proxy-Authorization": "Basic cHJveHk6cHc=",
                        "Cookie": "session=abc", "X-Api-Key": "%s", "X-Trace": "trace-1"}""".formatted(SECRET);

    private final HttpCheck http = new HttpCheck(TargetGuard.withDefaultScope(), AnswerBudget.withDefaultSize());
    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private LoopbackServer origin;
    private LoopbackServer elsewhere;

    @BeforeEach
    void startServers() throws IOException {
        origin = LoopbackServer.http();
        elsewhere = LoopbackServer.http();
        elsewhere.on("/landing", (exchange, request) -> send(exchange, 200, "landed"));
        origin.on("/landing", (exchange, request) -> send(exchange, 200, "landed"));
    }

    @AfterEach
    void stopServers() {
        origin.close();
        elsewhere.close();
    }

    /** {@code path} on the job's origin answers {@code status} with a {@code Location} of {@code to}. */
    private void redirecting(String path, int status, URI to) {
        origin.on(path, (exchange, request) -> {
            exchange.getResponseHeaders().add("Location", to.toString());
            send(exchange, status, "");
        });
    }

    private CheckResult run(String json) throws InterruptedException {
        HttpParams params = (HttpParams) JobTypes.parse("http", ConveyorJson.mapper().readTree(json));
        return http.run(params, new JobContext("j1", 1, Duration.ofSeconds(10), events::add, Clock.systemUTC(), null,
                text -> text.replace(SECRET, "********")));
    }

    private String get(URI url, String more) {
        return "{\"url\": \"" + url + "\", \"followRedirects\": true, " + HEADERS + more + "}";
    }

    private List<String> log() {
        return events.stream().map(JobEvent::message).toList();
    }

    @Test
    void aRedirectToAnotherPortGetsNoCredentialsButTheOtherHeaders() throws Exception {
        redirecting("/start", 302, elsewhere.url("/landing"));

        CheckResult result = run(get(origin.url("/start"), ""));

        assertThat(result.outcome()).as(result.message()).isEqualTo(CheckOutcome.PASSED);
        // The JDK's client sends Proxy-Authorization to a proxy only, so the origin does not see it either.
        assertThat(origin.nextRequest().headers()).containsKeys("Authorization", "Cookie", "X-api-key");
        var landed = elsewhere.nextRequest().headers();
        assertThat(landed.getFirst("X-Trace")).isEqualTo("trace-1");
        assertThat(landed).doesNotContainKeys("Authorization", "Proxy-authorization", "Cookie", "X-api-key");
        assertThat(log()).anySatisfy(line -> assertThat(line).endsWith("/landing without Authorization,"
                + " Proxy-Authorization, Cookie, X-Api-Key: another origin (trustRedirects is off)"));
    }

    @Test
    void aRedirectToAnotherHostOnTheSamePortGetsNoCredentials() throws Exception {
        URI sameServerByAddress = HttpClients.at(origin.url("/landing"), InetAddress.getByName("localhost"));
        redirecting("/start", 301, sameServerByAddress);

        assertThat(run(get(origin.url("/start"), "")).outcome()).isEqualTo(CheckOutcome.PASSED);

        origin.nextRequest();
        assertThat(origin.nextRequest().headers()).doesNotContainKeys("Authorization", "Cookie", "X-api-key");
    }

    @Test
    void aRedirectWithinTheOriginKeepsEveryHeader() throws Exception {
        redirecting("/start", 302, URI.create("/landing"));

        assertThat(run(get(origin.url("/start"), "")).outcome()).isEqualTo(CheckOutcome.PASSED);

        origin.nextRequest();
        var landed = origin.nextRequest();
        assertThat(landed.path()).isEqualTo("/landing");
        assertThat(landed.headers().getFirst("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(landed.headers().getFirst("X-Api-Key")).isEqualTo(SECRET);
    }

    @Test
    void credentialsLeftBehindStayBehindWhenTheRedirectsComeBack() throws Exception {
        redirecting("/start", 302, elsewhere.url("/bounce"));
        elsewhere.on("/bounce", (exchange, request) -> {
            exchange.getResponseHeaders().add("Location", origin.url("/landing").toString());
            send(exchange, 302, "");
        });

        assertThat(run(get(origin.url("/start"), "")).outcome()).isEqualTo(CheckOutcome.PASSED);

        origin.nextRequest();
        assertThat(origin.nextRequest().headers()).doesNotContainKeys("Authorization", "Cookie", "X-api-key");
    }

    @Test
    void aBodyIsNotCarriedToAnotherOriginAndTheRedirectIsTheAnswerChecked() throws Exception {
        redirecting("/submit", 307, elsewhere.url("/landing"));

        CheckResult result = run("{\"url\": \"" + origin.url("/submit") + "\", \"method\": \"POST\", \"body\": \""
                + SECRET + "\", \"followRedirects\": true}");

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).endsWith("answered 307, expected 200");
        assertThat(origin.nextRequest().body()).isEqualTo(SECRET);
        assertThat(elsewhere.receivedNoMore()).as("the other origin was sent nothing").isTrue();
        assertThat(log()).anySatisfy(line -> assertThat(line).contains("which is not followed: it would send the"
                + " request's body to another origin (trustRedirects is off), so the 307 is the answer checked"));
    }

    @Test
    void aBodyFollowsA308WithinTheOrigin() throws Exception {
        redirecting("/submit", 308, URI.create("/echo"));
        origin.on("/echo", (exchange, request) -> send(exchange, 200, request.method() + " " + request.body()));

        CheckResult result = run("{\"url\": \"" + origin.url("/submit") + "\", \"method\": \"PUT\", \"body\": \"b\","
                + " \"followRedirects\": true, \"assertions\": [{\"body\": {\"contains\": \"PUT b\"}}]}");

        assertThat(result.outcome()).as(result.message()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void aJobThatTrustsItsRedirectsSendsItsCredentialsAndBodyToAnotherOrigin() throws Exception {
        redirecting("/submit", 307, elsewhere.url("/landing"));

        CheckResult result = run("{\"url\": \"" + origin.url("/submit") + "\", \"method\": \"POST\", \"body\": \"b\","
                + " \"followRedirects\": true, \"trustRedirects\": true, " + HEADERS + "}");

        assertThat(result.outcome()).as(result.message()).isEqualTo(CheckOutcome.PASSED);
        var landed = elsewhere.nextRequest();
        assertThat(landed.method()).isEqualTo("POST");
        assertThat(landed.body()).isEqualTo("b");
        assertThat(landed.headers().getFirst("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(landed.headers().getFirst("X-Api-Key")).isEqualTo(SECRET);
    }
}
