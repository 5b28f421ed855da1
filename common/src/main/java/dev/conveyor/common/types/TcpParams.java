package dev.conveyor.common.types;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code tcp}: connects to a TCP port and checks that it is open, or that it is closed.
 *
 * @param host the host to connect to: a DNS name, an IPv4 address or an IPv6 address
 * @param port the TCP port, 1 to 65535
 * @param expect {@code open} (the default) to pass when a connection is made, {@code closed} to
 *     pass when none is
 * @param connectTimeout how long to wait for a connection, as ISO-8601 (default {@code PT5S}, at
 *     most {@link #MAX_CONNECT_TIMEOUT}); the job's own timeout cuts it shorter
 */
public record TcpParams(String host, Integer port, Expect expect, Duration connectTimeout) implements JobParams {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // As long as the longest job timeout the gateway allows by default: beyond it, the job would
    // time out first.
    static final Duration MAX_CONNECT_TIMEOUT = Duration.ofHours(1);

    public TcpParams {
        expect = expect == null ? Expect.OPEN : expect;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    }

    @Override
    public List<Violation> validate() {
        List<Violation> violations = new ArrayList<>();
        HostNames.hostProblem(host).ifPresent(problem -> violations.add(new Violation("/host", problem)));
        if (port == null) {
            violations.add(new Violation("/port", "is required"));
        } else if (port < 1 || port > 65535) {
            violations.add(new Violation("/port", "must be between 1 and 65535"));
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.compareTo(MAX_CONNECT_TIMEOUT) > 0) {
            violations.add(new Violation("/connectTimeout", "must be more than PT0S and at most " + MAX_CONNECT_TIMEOUT));
        }
        return violations;
    }

    /** What the check expects of the port. */
    public enum Expect {
        /** A connection is made. */
        OPEN,
        /** No connection is made: refused, or no answer within the connect timeout. */
        CLOSED;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** As in JSON, so that a message listing the values names them as a client writes them. */
        @Override
        public String toString() {
            return json();
        }
    }
}
