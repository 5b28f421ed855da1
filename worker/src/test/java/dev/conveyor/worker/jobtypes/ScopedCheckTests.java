package dev.conveyor.worker.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.common.targets.TargetScopes;
import dev.conveyor.common.targets.TargetsProperties;
import dev.conveyor.common.types.TcpParams;
import dev.conveyor.common.types.TcpParams.Expect;
import dev.conveyor.common.types.TlsParams;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.targets.TargetGuard;
import dev.conveyor.worker.targets.TargetRefusedException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code tcp} and {@code tls} checks keep to their queue's target scope: a denied address, a
 * cloud metadata address and a name that resolves into a denied block are refused before any
 * connection, with what was refused and by which rule.
 */
class ScopedCheckTests {

    /** The queue {@code internal} may not reach loopback; every queue keeps the built-in rules. */
    private static final TargetGuard GUARD = new TargetGuard(new TargetScopes(new TargetsProperties(null,
            Map.of("internal", new TargetsProperties.Scope(null, List.of("127.0.0.0/8", "::1"), null)))),
            InetAddress::getAllByName);

    private static JobContext onQueue(String queue) {
        return new JobContext("j1", 1, Duration.ofSeconds(5), event -> { }, java.time.Clock.systemUTC(), queue);
    }

    @Test
    void aTcpCheckOfACloudMetadataAddressIsRefused() {
        TcpCheck tcp = new TcpCheck(GUARD);

        assertThatThrownBy(() -> tcp.run(new TcpParams("169.254.169.254", 80, Expect.OPEN, null), onQueue("default")))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("169.254.169.254").hasMessageContaining("built-in deny rule");
    }

    @Test
    void aNameThatResolvesIntoADeniedBlockIsRefusedAndNeverConnectedTo() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return listening.accept();
                } catch (java.io.IOException closed) {
                    return null;
                }
            });
            TcpCheck tcp = new TcpCheck(GUARD);

            assertThatThrownBy(() -> tcp.run(new TcpParams("localhost", listening.getLocalPort(), Expect.OPEN, null),
                    onQueue("internal")))
                    .isInstanceOf(TargetRefusedException.class)
                    .hasMessageContaining("localhost").hasMessageContaining("resolves to")
                    .hasMessageContaining("conveyor.targets.queues.internal");
            // The same target from a queue without the rule is reached.
            assertThat(tcp.run(new TcpParams("localhost", listening.getLocalPort(), Expect.OPEN, null),
                    onQueue("default")).outcome()).isEqualTo(dev.conveyor.common.checks.CheckOutcome.PASSED);
            assertThat(accepted.get(5, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void aTlsCheckOfADeniedAddressIsRefused() {
        TlsCheck tls = new TlsCheck(GUARD);

        assertThatThrownBy(() -> tls.run(new TlsParams("127.0.0.1", 443, null, null, null, null, null, null),
                onQueue("internal")))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("127.0.0.1").hasMessageContaining("deny rule '127.0.0.0/8'");
    }
}
