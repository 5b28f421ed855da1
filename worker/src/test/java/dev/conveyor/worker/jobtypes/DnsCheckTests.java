package dev.conveyor.worker.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.types.DnsParams;
import dev.conveyor.common.types.DnsParams.RecordType;
import dev.conveyor.worker.targets.TargetGuard;
import dev.conveyor.worker.execution.JobContext;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DnsCheckTests {

    private static final JobContext CONTEXT = JobContext.detached("j1", 1, Duration.ofSeconds(5));

    private final DnsCheck dns = new DnsCheck(TargetGuard.withDefaultScope());
    private TinyDnsServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = TinyDnsServer.answering()
                .a("example.test", "192.0.2.1")
                .a("example.test", "192.0.2.2")
                .aaaa("example.test", "2001:db8:0:0:0:0:0:1")
                .mx("example.test", 10, "mx1.example.test")
                .mx("example.test", 20, "mx2.example.test")
                .txt("example.test", "v=spf1 -all")
                .txt("_dkim.example.test", "v=DKIM1; k=rsa; ", "p=MIGf\"quoted\"\\")
                .cname("www.example.test", "example.test");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private DnsParams ask(String name, RecordType type, String... expected) {
        return new DnsParams(name, type, expected.length == 0 ? null : List.of(expected), "127.0.0.1:" + server.port());
    }

    private static List<String> answersOf(CheckResult result) {
        return result.evidence().get("answers").valueStream().map(JsonNode::asString).toList();
    }

    @Test
    void anyAnswerPassesWhenNothingIsExpected() throws Exception {
        CheckResult result = dns.run(ask("example.test", RecordType.A), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(answersOf(result)).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.2");
        assertThat(result.evidence().get("resolver").asString()).isEqualTo("127.0.0.1:" + server.port());
    }

    @Test
    void everyExpectedValueAmongTheAnswersPasses() throws Exception {
        CheckResult result = dns.run(ask("example.test", RecordType.A, "192.0.2.2"), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.message()).contains("has every expected value");
    }

    @Test
    void anExpectedValueMissingFromTheAnswersFailsNamingIt() throws Exception {
        CheckResult result = dns.run(ask("example.test", RecordType.A, "192.0.2.1", "192.0.2.9"), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).startsWith("example.test A lacks [192.0.2.9]; answers: ");
        assertThat(result.evidence().get("missing").get(0).asString()).isEqualTo("192.0.2.9");
    }

    @Test
    void anAddressMatchesHoweverItIsWritten() throws Exception {
        CheckResult result = dns.run(ask("example.test", RecordType.AAAA, "2001:db8::1"), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(answersOf(result)).singleElement().asString().isIn("2001:db8::1", "2001:db8:0:0:0:0:0:1");
    }

    @Test
    void aNameMatchesWithoutRegardToCaseOrAFinalDot() throws Exception {
        CheckResult result = dns.run(ask("www.example.test", RecordType.CNAME, "EXAMPLE.test."), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(answersOf(result)).containsExactly("example.test");
    }

    @Test
    void aMailServerMatchesByNameOrByPreferenceAndName() throws Exception {
        assertThat(dns.run(ask("example.test", RecordType.MX, "mx2.example.test", "10 mx1.example.test"), CONTEXT)
                .outcome()).isEqualTo(CheckOutcome.PASSED);

        CheckResult wrongPreference = dns.run(ask("example.test", RecordType.MX, "20 mx1.example.test"), CONTEXT);
        assertThat(wrongPreference.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(answersOf(wrongPreference)).containsExactlyInAnyOrder("10 mx1.example.test", "20 mx2.example.test");
    }

    @Test
    void aTextRecordIsItsStringsJoinedAndUnquoted() throws Exception {
        CheckResult result = dns.run(ask("_dkim.example.test", RecordType.TXT,
                "v=DKIM1; k=rsa; p=MIGf\"quoted\"\\"), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(answersOf(dns.run(ask("example.test", RecordType.TXT), CONTEXT))).containsExactly("v=spf1 -all");
    }

    @Test
    void aNameThatDoesNotExistFails() throws Exception {
        CheckResult result = dns.run(ask("nowhere.example.test", RecordType.A), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).isEqualTo("nowhere.example.test does not exist (NXDOMAIN from 127.0.0.1:"
                + server.port() + ")");
        assertThat(answersOf(result)).isEmpty();
    }

    @Test
    void aNameWithoutRecordsOfTheTypeFails() throws Exception {
        CheckResult result = dns.run(ask("www.example.test", RecordType.MX), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).isEqualTo("www.example.test has no MX records");
    }

    @Test
    void aResolverWhereNothingListensIsAnError() throws Exception {
        int closedPort;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        DnsParams params = new DnsParams("example.test", RecordType.A, null, "127.0.0.1:" + closedPort);

        CheckResult result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> dns.run(params, CONTEXT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).startsWith("could not ask 127.0.0.1:" + closedPort + " for example.test A: ");
    }

    @Test
    void aResolverThatNeverAnswersIsAnErrorWithinTheJobsTimeout() throws Exception {
        try (TinyDnsServer silent = TinyDnsServer.silent()) {
            DnsParams params = new DnsParams("example.test", RecordType.A, null, "127.0.0.1:" + silent.port());
            JobContext shortJob = JobContext.detached("j1", 1, Duration.ofMillis(900));

            CheckResult result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> dns.run(params, shortJob));

            assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
            assertThat(result.message()).endsWith(": no answer in time");
            assertThat(silent.queries()).isPositive();
        }
    }

    @Test
    void anInterruptStopsALookupAtOnce() throws Exception {
        try (TinyDnsServer silent = TinyDnsServer.silent()) {
            // With an hour to run, the first wait for an answer is 5 s.
            DnsParams params = new DnsParams("example.test", RecordType.A, null, "127.0.0.1:" + silent.port());
            JobContext longJob = JobContext.detached("j1", 1, Duration.ofHours(1));
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread job = Thread.ofVirtual().start(() -> {
                try {
                    dns.run(params, longJob);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> silent.queries() > 0);

            job.interrupt();

            assertThat(job.join(Duration.ofSeconds(2))).as("ended within 2 s of the interrupt").isTrue();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        }
    }
}
