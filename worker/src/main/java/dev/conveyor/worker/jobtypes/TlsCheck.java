package dev.conveyor.worker.jobtypes;

import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.types.TlsParams;
import dev.conveyor.worker.execution.Check;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.targets.TargetGuard;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code tls}: shakes hands with a TLS server and judges what it showed: the leaf certificate's
 * validity, its chain, its names and the protocol. A condition that does not hold is a failure; a
 * server that cannot be reached or does not speak TLS is an error.
 */
@Component
class TlsCheck implements Check<TlsParams> {

    private static final List<String> PROTOCOLS_BY_AGE = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private final Set<TrustAnchor> jvmTrustAnchors = ChainValidator.jvmTrustAnchors();
    private final TargetGuard guard;

    /** @param guard what resolves the host and keeps the check within its queue's scope */
    TlsCheck(TargetGuard guard) {
        this.guard = guard;
    }

    @Override
    public String type() {
        return "tls";
    }

    @Override
    public Class<TlsParams> paramsType() {
        return TlsParams.class;
    }

    @Override
    public CheckResult run(TlsParams params, JobContext context) throws InterruptedException {
        String target = target(params);
        long start = System.nanoTime();
        TlsHandshake handshake;
        try {
            // The address checked is the address connected to; the server name sent stays the job's.
            InetAddress address = guard.addresses(context.queue(), params.host(), params.port()).getFirst();
            handshake = TlsHandshake.with(address, params.port(), params.sni(), context.timeout());
        } catch (IOException e) {
            // An interrupt ends the socket's wait with an IOException; it is a cancellation, not an answer.
            if (Thread.interrupted()) {
                throw new InterruptedException("TLS check of " + target + " interrupted");
            }
            return CheckResult.error(target + ": " + unreachable(e), null, since(start));
        }
        context.log("TLS handshake with " + target + ": " + handshake.protocol() + ", " + handshake.cipherSuite());
        Instant now = context.clock().instant();
        List<String> problems = problems(params, handshake, now);
        ObjectNode evidence = evidence(handshake, now);
        if (!problems.isEmpty()) {
            return CheckResult.failed(target + ": " + String.join("; ", problems), evidence, since(start));
        }
        return CheckResult.passed(target + ": " + handshake.protocol() + ", certificate valid "
                + daysLeft(handshake.leaf(), now) + " more days", evidence, since(start));
    }

    /** {@code example.org:443}, {@code [2001:db8::1]:443}. */
    private static String target(TlsParams params) {
        boolean bareIpv6 = params.host().contains(":") && !params.host().startsWith("[");
        return (bareIpv6 ? "[" + params.host() + "]" : params.host()) + ":" + params.port();
    }

    private List<String> problems(TlsParams params, TlsHandshake handshake, Instant now) {
        List<String> problems = new ArrayList<>();
        X509Certificate leaf = handshake.leaf();
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        long daysLeft = daysLeft(leaf, now);
        if (now.isAfter(notAfter)) {
            problems.add("expired on " + notAfter);
        } else if (now.isBefore(notBefore)) {
            problems.add("not valid before " + notBefore);
        } else if (params.minDaysValid() != null && daysLeft < params.minDaysValid()) {
            problems.add("expires in " + daysLeft + " days, fewer than the " + params.minDaysValid() + " required");
        }
        if (params.verifyChain()) {
            // Validity is a finding of its own: trust is judged as of a moment the leaf was valid,
            // so that an expired certificate is not reported twice.
            Instant validAt = now.isAfter(notAfter) ? notAfter : now.isBefore(notBefore) ? notBefore : now;
            ChainValidator.problem(handshake.chain(), anchors(params), validAt)
                    .ifPresent(problem -> problems.add("chain not trusted: " + problem));
        }
        if (params.checkHostname() && !HostnameMatcher.matches(leaf, params.sni())) {
            problems.add("hostname mismatch: the certificate is for " + HostnameMatcher.altNames(leaf)
                    + ", not " + params.sni());
        }
        if (params.minProtocol() != null && PROTOCOLS_BY_AGE.indexOf(handshake.protocol())
                < PROTOCOLS_BY_AGE.indexOf(params.minProtocol())) {
            problems.add("protocol " + handshake.protocol() + " is below the minimum " + params.minProtocol());
        }
        return problems;
    }

    private Set<TrustAnchor> anchors(TlsParams params) {
        List<X509Certificate> trusted = params.trustedCertificateList();
        return trusted.isEmpty() ? jvmTrustAnchors : ChainValidator.anchors(trusted);
    }

    private static ObjectNode evidence(TlsHandshake handshake, Instant now) {
        X509Certificate leaf = handshake.leaf();
        ArrayNode altNames = JsonNodeFactory.instance.arrayNode();
        HostnameMatcher.altNames(leaf).forEach(name -> altNames.add(name.toString()));
        ObjectNode evidence = JsonNodeFactory.instance.objectNode()
                .put("subject", leaf.getSubjectX500Principal().getName())
                .put("issuer", leaf.getIssuerX500Principal().getName());
        evidence.set("subjectAltNames", altNames);
        return evidence
                .put("notBefore", leaf.getNotBefore().toInstant().toString())
                .put("notAfter", leaf.getNotAfter().toInstant().toString())
                .put("daysLeft", daysLeft(leaf, now))
                .put("protocol", handshake.protocol())
                .put("cipherSuite", handshake.cipherSuite());
    }

    /** Whole days until the leaf expires, rounded down; negative once it has. */
    private static long daysLeft(X509Certificate leaf, Instant now) {
        return Math.floorDiv(Duration.between(now, leaf.getNotAfter().toInstant()).toSeconds(), 86_400);
    }

    private static String unreachable(IOException failure) {
        return switch (failure) {
            case UnknownHostException e -> "unknown host";
            case ConnectException e -> "could not connect: " + reason(e);
            case SocketTimeoutException e -> "no answer in time (" + reason(e) + ")";
            case SSLException e -> "no TLS handshake: " + reason(e);
            default -> "could not shake hands: " + JobError.describe(failure);
        };
    }

    private static String reason(IOException failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
