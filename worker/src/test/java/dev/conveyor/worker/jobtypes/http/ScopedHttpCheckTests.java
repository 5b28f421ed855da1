package dev.conveyor.worker.jobtypes.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.targets.TargetScopes;
import dev.conveyor.common.targets.TargetsProperties;
import dev.conveyor.common.types.HttpParams;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.targets.TargetGuard;
import dev.conveyor.worker.targets.TargetRefusedException;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code http} check keeps to its queue's target scope, for the job's own URL and for every
 * redirect: a denied block, a cloud metadata address, a name that resolves into a denied block, and
 * the address or another name of a denied host are each refused before a request is sent, with what
 * was refused and by which rule.
 */
class ScopedHttpCheckTests {

    /** Queue {@code internal} may not reach 10.0.0.0/8 nor loopback; every queue keeps the built-in rules. */
    private final HttpCheck http = new HttpCheck(new TargetGuard(new TargetScopes(new TargetsProperties(null,
            Map.of("internal", new TargetsProperties.Scope(null, List.of("10.0.0.0/8", "127.0.0.0/8", "::1"), null)))),
            InetAddress::getAllByName), AnswerBudget.withDefaultSize());
    /**
     * Queue {@code customer-a} may not reach {@code vault.test}, which resolves to the test server's
     * loopback address, as does its other name {@code alias.test}.
     */
    private final HttpCheck vaultDenied = new HttpCheck(new TargetGuard(new TargetScopes(new TargetsProperties(null,
            Map.of("customer-a", new TargetsProperties.Scope(null, List.of("vault.test"), null)))),
            host -> host.endsWith(".test") ? new InetAddress[] {InetAddress.getByName("127.0.0.1")}
                    : InetAddress.getAllByName(host)), AnswerBudget.withDefaultSize());
    private LoopbackServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = LoopbackServer.http();
        server.on("/", (exchange, request) -> LoopbackServer.send(exchange, 200, "ok"));
        server.on("/away", (exchange, request) -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            LoopbackServer.send(exchange, 302, "");
        });
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static HttpParams get(String url) {
        return (HttpParams) JobTypes.parse("http", ConveyorJson.mapper().readTree(
                "{\"url\": \"" + url + "\", \"followRedirects\": true}"));
    }

    private static JobContext onQueue(String queue) {
        return new JobContext("j1", 1, Duration.ofSeconds(5), event -> { }, Clock.systemUTC(), queue);
    }

    @Test
    void theCloudMetadataAddressIsRefusedOnEveryQueue() {
        assertThatThrownBy(() -> http.run(get("http://169.254.169.254/latest/meta-data/"), onQueue("default")))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("169.254.169.254").hasMessageContaining("built-in deny rule");
    }

    @Test
    void anAddressInADeniedBlockIsRefusedNamingTheRuleAndTheQueue() {
        assertThatThrownBy(() -> http.run(get("http://10.1.2.3:8080/health"), onQueue("internal")))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("10.1.2.3").hasMessageContaining("deny rule '10.0.0.0/8'")
                .hasMessageContaining("conveyor.targets.queues.internal");
    }

    @Test
    void aNameThatResolvesIntoADeniedBlockIsRefusedAndNoRequestIsSent() throws Exception {
        assertThatThrownBy(() -> http.run(get(server.url("/").toString()), onQueue("internal")))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("localhost").hasMessageContaining("resolves to");
        // The same URL from a queue without the rule is checked, and is the first request the server sees.
        assertThat(http.run(get(server.url("/").toString()), onQueue("default")).outcome())
                .isEqualTo(CheckOutcome.PASSED);
        assertThat(server.nextRequest().path()).isEqualTo("/");
    }

    @Test
    void aDeniedHostIsRefusedByItsAddressAndByItsOtherNamesAndNoRequestIsSent() throws Exception {
        String port = ":" + server.url("/").getPort();

        assertThatThrownBy(() -> vaultDenied.run(get("http://127.0.0.1" + port + "/v1/secret"), onQueue("customer-a")))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("127.0.0.1" + port + " is refused: it is an address of vault.test");
        assertThatThrownBy(() -> vaultDenied.run(get("http://alias.test" + port + "/v1/secret"), onQueue("customer-a")))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("alias.test" + port + " is refused: it resolves to 127.0.0.1, an address of"
                        + " vault.test");
        // From a queue without the rule the same address is checked, and is the first request the server sees.
        assertThat(vaultDenied.run(get("http://127.0.0.1" + port + "/"), onQueue("default")).outcome())
                .isEqualTo(CheckOutcome.PASSED);
        assertThat(server.nextRequest().path()).isEqualTo("/");
    }

    @Test
    void aRedirectOutOfTheScopeIsRefusedSayingWhereItCameFrom() {
        assertThatThrownBy(() -> http.run(get(server.url("/away").toString()), onQueue("default")))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("a redirect of " + server.url("/away"))
                .hasMessageContaining("169.254.169.254");
    }
}
