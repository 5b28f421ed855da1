package dev.conveyor.worker.jobtypes;

import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.types.TcpParams;
import dev.conveyor.worker.execution.Check;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.targets.TargetGuard;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code tcp}: connects to a port and passes if it is open, or closed, as expected. A refused
 * connection, no route to the host or no answer within the connect timeout all mean "not open";
 * only a host that does not resolve, or a local network fault, leaves the check unable to tell. A
 * host outside the queue's target scope is refused before any connection.
 */
@Component
class TcpCheck implements Check<TcpParams> {

    private final TargetGuard guard;

    /** @param guard what resolves the host and keeps the check within its queue's scope */
    TcpCheck(TargetGuard guard) {
        this.guard = guard;
    }

    @Override
    public String type() {
        return "tcp";
    }

    @Override
    public Class<TcpParams> paramsType() {
        return TcpParams.class;
    }

    @Override
    public CheckResult run(TcpParams params, JobContext context) throws InterruptedException {
        long start = System.nanoTime();
        String target = target(params);
        InetAddress address;
        try {
            // The address checked is the address connected to.
            address = guard.addresses(context.queue(), params.host(), params.port()).getFirst();
        } catch (UnknownHostException e) {
            return CheckResult.error("could not resolve " + params.host() + ": " + JobError.describe(e), null,
                    since(start));
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("canceled before connecting to " + target);
        }
        Duration connectTimeout = min(params.connectTimeout(), context.timeout());
        Attempt attempt = connect(new InetSocketAddress(address, params.port()), connectTimeout);
        ObjectNode evidence = JsonNodeFactory.instance.objectNode()
                .put("address", address.getHostAddress())
                .put("connected", attempt.connected())
                .put("connectMs", attempt.millis());
        context.log(attempt.connected()
                ? "connected to " + target + " (" + address.getHostAddress() + ") in " + attempt.millis() + " ms"
                : "no connection to " + target + " (" + address.getHostAddress() + ") after " + attempt.millis()
                        + " ms: " + attempt.why());
        if (!attempt.conclusive()) {
            return CheckResult.error("could not tell whether " + target + " is open: " + attempt.why(), evidence,
                    since(start));
        }
        boolean expectedOpen = params.expect() == TcpParams.Expect.OPEN;
        if (attempt.connected()) {
            return expectedOpen
                    ? CheckResult.passed(target + " is open (connected in " + attempt.millis() + " ms)", evidence, since(start))
                    : CheckResult.failed(target + " is open, expected closed", evidence, since(start));
        }
        return expectedOpen
                ? CheckResult.failed(target + " is not open, expected open: " + attempt.why(), evidence, since(start))
                : CheckResult.passed(target + " is closed (" + attempt.why() + ")", evidence, since(start));
    }

    /**
     * One connection attempt. On the job's virtual thread an interrupt closes the socket and ends
     * the wait at once; try-with-resources closes it on every other way out.
     */
    private static Attempt connect(InetSocketAddress address, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            // At least 1 ms: Socket reads 0 as "wait for ever".
            socket.connect(address, (int) Math.max(1, timeout.toMillis()));
            return new Attempt(true, null, true, since(start).toMillis());
        } catch (IOException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("canceled while connecting to " + address);
            }
            boolean timedOut = e instanceof SocketTimeoutException;
            boolean answeredNo = e instanceof ConnectException || e instanceof NoRouteToHostException;
            return new Attempt(false, timedOut ? "no answer within " + timeout : JobError.describe(e),
                    timedOut || answeredNo, since(start).toMillis());
        }
    }

    /** How the target is named in messages: an IPv6 address in brackets, so that its port stands apart. */
    private static String target(TcpParams params) {
        String host = params.host();
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + params.port();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * How a connection attempt went.
     *
     * @param connected whether the port accepted the connection
     * @param why why it did not, for people; {@code null} when it did
     * @param conclusive whether the attempt tells open from closed; not when a local fault (such as
     *     an unreachable network) stopped it
     * @param millis how long the attempt took
     */
    private record Attempt(boolean connected, String why, boolean conclusive, long millis) {
    }
}
