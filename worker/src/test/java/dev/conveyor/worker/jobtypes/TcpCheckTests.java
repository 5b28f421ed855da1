package dev.conveyor.worker.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.types.TcpParams;
import dev.conveyor.common.types.TcpParams.Expect;
import dev.conveyor.worker.targets.TargetGuard;
import dev.conveyor.worker.execution.JobContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpCheckTests {

    private static final JobContext CONTEXT = JobContext.detached("j1", 1, Duration.ofSeconds(5));
    private static final Duration PATIENT = Duration.ofSeconds(60);

    private final TcpCheck tcp = new TcpCheck(TargetGuard.withDefaultScope());
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    private int anOpenPort() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        opened.add(server);
        return server.getLocalPort();
    }

    private static int aClosedPort() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return server.getLocalPort();
        }
    }

    /**
     * A port whose accept queue is full, so that the kernel drops further connection requests
     * unanswered: a firewall's silence, on loopback.
     */
    private int aPortThatNeverAnswers() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        opened.add(server);
        for (int i = 0; i < 16; i++) {
            Socket client = new Socket();
            opened.add(client);
            try {
                client.connect(server.getLocalSocketAddress(), 250);
            } catch (SocketTimeoutException full) {
                return server.getLocalPort();
            }
        }
        throw new IllegalStateException("the kernel kept accepting connections to a full queue");
    }

    private static TcpParams expecting(Expect expect, int port) {
        return new TcpParams("127.0.0.1", port, expect, null);
    }

    @Test
    void anOpenPortPassesWithItsAddressAndConnectTime() throws Exception {
        int port = anOpenPort();

        CheckResult result = tcp.run(expecting(Expect.OPEN, port), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.message()).startsWith("127.0.0.1:" + port + " is open (connected in ");
        assertThat(result.evidence().get("address").asString()).isEqualTo("127.0.0.1");
        assertThat(result.evidence().get("connected").asBoolean()).isTrue();
        assertThat(result.evidence().get("connectMs").asLong()).isNotNegative();
    }

    @Test
    void anOpenPortFailsWhenExpectedClosed() throws Exception {
        int port = anOpenPort();

        CheckResult result = tcp.run(expecting(Expect.CLOSED, port), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).isEqualTo("127.0.0.1:" + port + " is open, expected closed");
    }

    @Test
    void aClosedPortPassesWhenExpectedClosed() throws Exception {
        int port = aClosedPort();

        CheckResult result = tcp.run(expecting(Expect.CLOSED, port), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.message()).isEqualTo("127.0.0.1:" + port + " is closed (ConnectException: Connection refused)");
        assertThat(result.evidence().get("connected").asBoolean()).isFalse();
    }

    @Test
    void aClosedPortFailsWhenExpectedOpen() throws Exception {
        int port = aClosedPort();

        CheckResult result = tcp.run(expecting(Expect.OPEN, port), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message())
                .isEqualTo("127.0.0.1:" + port + " is not open, expected open: ConnectException: Connection refused");
    }

    @Test
    void aPortThatDoesNotAnswerWithinTheConnectTimeoutIsNotOpen() throws Exception {
        int port = aPortThatNeverAnswers();

        CheckResult result = tcp.run(new TcpParams("127.0.0.1", port, Expect.OPEN, Duration.ofMillis(200)), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.message()).endsWith("is not open, expected open: no answer within PT0.2S");
        assertThat(result.evidence().get("connected").asBoolean()).isFalse();
    }

    @Test
    void theJobsTimeoutCutsTheConnectTimeoutShort() throws Exception {
        int port = aPortThatNeverAnswers();
        JobContext shortJob = JobContext.detached("j1", 1, Duration.ofMillis(300));

        CheckResult result = tcp.run(new TcpParams("127.0.0.1", port, Expect.CLOSED, PATIENT), shortJob);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.message()).endsWith("is closed (no answer within PT0.3S)");
    }

    @Test
    void anUnresolvableHostIsAnErrorThatSaysSo() throws Exception {
        CheckResult result = tcp.run(new TcpParams("no-such-host.invalid", 443, Expect.CLOSED, null), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).startsWith("could not resolve no-such-host.invalid: UnknownHostException");
    }

    @Test
    void anInterruptStopsAConnectionAttemptAtOnce() throws Exception {
        int port = aPortThatNeverAnswers();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread job = Thread.ofVirtual().start(() -> {
            try {
                tcp.run(new TcpParams("127.0.0.1", port, Expect.OPEN, PATIENT), JobContext.detached("j1", 1, PATIENT));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        // Parked in connect, waiting for an answer that will not come.
        await().atMost(Duration.ofSeconds(5)).until(() -> job.getState() == Thread.State.WAITING
                || job.getState() == Thread.State.TIMED_WAITING);

        job.interrupt();

        assertThat(job.join(Duration.ofSeconds(2))).as("ended within 2 s of the interrupt").isTrue();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }
}
