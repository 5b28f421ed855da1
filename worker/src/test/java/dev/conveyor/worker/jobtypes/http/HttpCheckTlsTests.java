package dev.conveyor.worker.jobtypes.http;

import static dev.conveyor.worker.jobtypes.http.LoopbackServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.HttpParams;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.worker.targets.TargetGuard;
import dev.conveyor.worker.execution.JobContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An https target whose certificate nobody trusts, issued to another host: what {@code verifyTls} decides. */
class HttpCheckTlsTests {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final JobContext CONTEXT = JobContext.detached("j1", 1, Duration.ofSeconds(10));

    @TempDir
    static Path folder;
    private static SSLContext selfSigned;

    private final HttpCheck http = new HttpCheck(TargetGuard.withDefaultScope(), AnswerBudget.withDefaultSize());
    private LoopbackServer server;

    /** A self-signed certificate for elsewhere.invalid, made by the JDK's keytool beside the running java. */
    @BeforeAll
    static void makeASelfSignedCertificateForAnotherHost() throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Path keytool = java.resolveSibling(java.getFileName().toString().endsWith(".exe") ? "keytool.exe" : "keytool");
        Path keystore = folder.resolve("target.p12");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "target",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=elsewhere.invalid", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("keytool ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        selfSigned = SSLContext.getInstance("TLS");
        selfSigned.init(keys.getKeyManagers(), null, null);
    }

    @BeforeEach
    void startServer() throws Exception {
        server = LoopbackServer.https(selfSigned).on("/", (exchange, request) -> send(exchange, 200, "secret"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private CheckResult check(boolean verifyTls) throws InterruptedException {
        HttpParams params = (HttpParams) JobTypes.parse("http", ConveyorJson.mapper().readTree(
                "{\"url\": \"" + server.url("/") + "\", \"verifyTls\": " + verifyTls + "}"));
        return http.run(params, CONTEXT);
    }

    @Test
    void anUntrustedCertificateIsAnErrorWhenTlsIsVerified() throws Exception {
        CheckResult result = check(true);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).startsWith("could not reach " + server.url("/") + ": SSLHandshakeException");
    }

    @Test
    void anyCertificateForAnyHostIsAcceptedWhenTlsIsNotVerified() throws Exception {
        CheckResult result = check(false);

        assertThat(result.outcome()).as(result.message()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.evidence().get("status").asInt()).isEqualTo(200);
    }

    @Test
    void notVerifyingTlsIsForThatRequestOnly() throws Exception {
        assertThat(check(false).outcome()).isEqualTo(CheckOutcome.PASSED);

        assertThat(check(true).outcome()).isEqualTo(CheckOutcome.ERROR);
    }
}
