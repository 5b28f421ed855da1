package dev.conveyor.worker.jobtypes;

import static dev.conveyor.worker.jobtypes.TestCertificates.aCertificate;
import static dev.conveyor.worker.jobtypes.TestCertificates.anAuthority;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.types.TlsParams;
import dev.conveyor.worker.targets.TargetGuard;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.jobtypes.TestCertificates.Credentials;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TlsCheckTests {

    /** Certificates hold whole seconds; the check's clock stands still, so days left are exact. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Credentials TEST_CA = anAuthority("Conveyor Test CA");

    private final TlsCheck tls = new TlsCheck(TargetGuard.withDefaultScope());
    private final List<LoopbackServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws IOException {
        for (LoopbackServer server : servers) {
            server.close();
        }
    }

    @Test
    void aCertificateForTheHostFromATrustedAuthorityPassesShowingWhatItSaw() throws Exception {
        int port = serving(aCertificate().forNames("localhost").validBetween(days(-1), days(90)).issuedBy(TEST_CA));

        CheckResult result = tls.run(aCheckOf(port).trusting(TEST_CA).minDaysValid(30).minProtocol("TLSv1.3").build(),
                context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.message()).isEqualTo("localhost:" + port + ": TLSv1.3, certificate valid 90 more days");
        assertThat(result.evidence().get("subject").asString()).isEqualTo("CN=localhost");
        assertThat(result.evidence().get("issuer").asString()).isEqualTo("CN=Conveyor Test CA");
        assertThat(result.evidence().get("subjectAltNames").values()).extracting(n -> n.asString())
                .containsExactly("DNS:localhost");
        assertThat(result.evidence().get("notBefore").asString()).isEqualTo(days(-1).toString());
        assertThat(result.evidence().get("notAfter").asString()).isEqualTo(days(90).toString());
        assertThat(result.evidence().get("daysLeft").asLong()).isEqualTo(90);
        assertThat(result.evidence().get("protocol").asString()).isEqualTo("TLSv1.3");
        assertThat(result.evidence().get("cipherSuite").asString()).startsWith("TLS_");
    }

    @Test
    void anExpiredCertificateFailsSayingWhen() throws Exception {
        int port = serving(aCertificate().forNames("localhost").validBetween(days(-30), days(-2)).issuedBy(TEST_CA));

        CheckResult result = tls.run(aCheckOf(port).trusting(TEST_CA).build(), context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).isEqualTo("localhost:" + port + ": expired on " + days(-2));
        assertThat(result.evidence().get("daysLeft").asLong()).isEqualTo(-2);
    }

    @Test
    void aCertificateExpiringSoonerThanMinDaysValidFails() throws Exception {
        int port = serving(aCertificate().forNames("localhost").validBetween(days(-1), days(10)).issuedBy(TEST_CA));

        CheckResult result = tls.run(aCheckOf(port).trusting(TEST_CA).minDaysValid(30).build(), context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message())
                .isEqualTo("localhost:" + port + ": expires in 10 days, fewer than the 30 required");
    }

    @Test
    void aCertificateForAnotherHostFails() throws Exception {
        int port = serving(aCertificate().forNames("other.example").issuedBy(TEST_CA));

        CheckResult result = tls.run(aCheckOf(port).trusting(TEST_CA).build(), context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).isEqualTo(
                "localhost:" + port + ": hostname mismatch: the certificate is for [DNS:other.example], not localhost");
    }

    @Test
    void aSelfSignedCertificateIsNotTrustedByTheJvm() throws Exception {
        int port = serving(aCertificate().forNames("localhost").selfSigned());

        CheckResult result = tls.run(aCheckOf(port).build(), context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).startsWith("localhost:" + port + ": chain not trusted: ").doesNotContain(";");
        assertThat(result.evidence().get("issuer").asString()).isEqualTo("CN=localhost");
    }

    @Test
    void aSelfSignedCertificatePassesWhenItIsTrustedItself() throws Exception {
        Credentials selfSigned = aCertificate().forNames("localhost").selfSigned();
        int port = serving(selfSigned);

        CheckResult result = tls.run(aCheckOf(port).trusting(selfSigned).build(), context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void trustedCertificatesReplaceTheAnchorsRatherThanAddToThem() throws Exception {
        int port = serving(aCertificate().forNames("localhost").issuedBy(TEST_CA));

        CheckResult result = tls.run(aCheckOf(port).trusting(anAuthority("Another CA")).build(), context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).startsWith("localhost:" + port + ": chain not trusted: ");
    }

    @Test
    void aServerBelowTheMinimumProtocolFails() throws Exception {
        int port = serving(aCertificate().forNames("localhost").issuedBy(TEST_CA), "TLSv1.2");

        CheckResult result = tls.run(aCheckOf(port).trusting(TEST_CA).minProtocol("TLSv1.3").build(),
                context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).isEqualTo("localhost:" + port + ": protocol TLSv1.2 is below the minimum TLSv1.3");
        assertThat(result.evidence().get("protocol").asString()).isEqualTo("TLSv1.2");
    }

    @Test
    void everyConditionThatDoesNotHoldIsListed() throws Exception {
        int port = serving(aCertificate().forNames("other.example").validBetween(days(-30), days(-2)).selfSigned(),
                "TLSv1.2");

        CheckResult result = tls.run(aCheckOf(port).minProtocol("TLSv1.3").build(), context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message().split("; ")).satisfiesExactly(
                expired -> assertThat(expired).isEqualTo("localhost:" + port + ": expired on " + days(-2)),
                untrusted -> assertThat(untrusted).startsWith("chain not trusted: "),
                mismatch -> assertThat(mismatch).startsWith("hostname mismatch: "),
                protocol -> assertThat(protocol).isEqualTo("protocol TLSv1.2 is below the minimum TLSv1.3"));
    }

    @Test
    void conditionsThatAreSwitchedOffAreNotChecked() throws Exception {
        int port = serving(aCertificate().forNames("other.example").selfSigned());

        CheckResult result = tls.run(aCheckOf(port).verifyChain(false).checkHostname(false).build(), context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void anAddressIsMatchedAgainstTheAddressesOfTheCertificate() throws Exception {
        int port = serving(aCertificate().forNames("127.0.0.1").issuedBy(TEST_CA));

        CheckResult result = tls.run(aCheckOf(port).host("127.0.0.1").trusting(TEST_CA).build(), context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.evidence().get("subjectAltNames").values()).extracting(n -> n.asString())
                .containsExactly("IP:127.0.0.1");
    }

    @Test
    void theSniNameIsWhatTheCertificateMustBeFor() throws Exception {
        int port = serving(aCertificate().forNames("service.internal").issuedBy(TEST_CA));

        CheckResult result = tls.run(aCheckOf(port).host("127.0.0.1").sni("service.internal").trusting(TEST_CA).build(),
                context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void aPortThatDoesNotSpeakTlsIsAnError() throws Exception {
        LoopbackServer smtp = started(LoopbackServer.greeting("220 mail.example ESMTP"));

        CheckResult result = tls.run(aCheckOf(smtp.port()).build(), context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).startsWith("localhost:" + smtp.port() + ": no TLS handshake: ");
        assertThat(result.evidence()).isNull();
    }

    @Test
    void aClosedPortIsAnError() throws Exception {
        int port = LoopbackServer.closedPort();

        CheckResult result = tls.run(aCheckOf(port).build(), context(TIMEOUT));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).isEqualTo("localhost:" + port + ": could not connect: Connection refused");
    }

    @Test
    void aServerThatNeverAnswersIsAnErrorOnceTheTimeoutIsOver() throws Exception {
        LoopbackServer silent = started(LoopbackServer.silent());
        TlsParams params = aCheckOf(silent.port()).build();

        CheckResult result = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> tls.run(params, context(Duration.ofMillis(300))));

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).isEqualTo("localhost:" + silent.port() + ": no answer in time (Read timed out)");
        assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void anInterruptStopsAWaitingCheckAtOnce() throws Exception {
        LoopbackServer silent = started(LoopbackServer.silent());
        TlsParams params = aCheckOf(silent.port()).build();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread check = Thread.ofVirtual().start(() -> {
            try {
                outcome.set(tls.run(params, context(Duration.ofMinutes(5))));
            } catch (InterruptedException e) {
                outcome.set(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> silent.connections() == 1);

        check.interrupt();

        assertThat(check.join(Duration.ofSeconds(10))).as("the check ended").isTrue();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }

    private int serving(Credentials credentials, String... protocols) throws IOException {
        return started(LoopbackServer.tls(credentials, protocols)).port();
    }

    private LoopbackServer started(LoopbackServer server) {
        servers.add(server);
        return server;
    }

    private static Instant days(int fromNow) {
        return NOW.plus(Duration.ofDays(fromNow));
    }

    private static JobContext context(Duration timeout) {
        return new JobContext("j1", 1, timeout, event -> { }, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static TlsCheckBuilder aCheckOf(int port) {
        return new TlsCheckBuilder(port);
    }

    /** The parameters of a check of a loopback port, {@code localhost} unless told otherwise. */
    private static final class TlsCheckBuilder {

        private final int port;
        private String host = "localhost";
        private String sni;
        private Integer minDaysValid;
        private String minProtocol;
        private Boolean verifyChain;
        private final List<String> trusted = new ArrayList<>();
        private Boolean checkHostname;

        private TlsCheckBuilder(int port) {
            this.port = port;
        }

        TlsCheckBuilder host(String host) {
            this.host = host;
            return this;
        }

        TlsCheckBuilder sni(String sni) {
            this.sni = sni;
            return this;
        }

        TlsCheckBuilder minDaysValid(int days) {
            this.minDaysValid = days;
            return this;
        }

        TlsCheckBuilder minProtocol(String protocol) {
            this.minProtocol = protocol;
            return this;
        }

        TlsCheckBuilder verifyChain(boolean verify) {
            this.verifyChain = verify;
            return this;
        }

        TlsCheckBuilder trusting(Credentials anchor) {
            trusted.add(anchor.pem());
            return this;
        }

        TlsCheckBuilder checkHostname(boolean check) {
            this.checkHostname = check;
            return this;
        }

        TlsParams build() {
            TlsParams params = new TlsParams(host, port, sni, minDaysValid, minProtocol, verifyChain, trusted,
                    checkHostname);
            assertThat(params.validate()).as("the test's own parameters").isEmpty();
            return params;
        }
    }
}
