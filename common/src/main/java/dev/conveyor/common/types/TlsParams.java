package dev.conveyor.common.types;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * {@code tls}: connects to a TLS server, shakes hands and checks the certificate it presents. The
 * leaf certificate must always be within its validity period; every other condition is asked for
 * by a parameter.
 *
 * @param host the server's host name or IP address
 * @param port the server's TCP port (default 443)
 * @param sni the server name sent in the handshake and matched against the certificate (default
 *     {@code host}); none is sent when it is an IP address
 * @param minDaysValid when given, the leaf certificate must stay valid at least this many more days
 * @param minProtocol when given, the negotiated protocol must be at least this one: {@code TLSv1.2}
 *     or {@code TLSv1.3}
 * @param verifyChain whether the chain must lead to a trust anchor (default true): one of
 *     {@code trustedCertificates}, or the JVM's default trust store when none are given
 * @param trustedCertificates PEM certificates to trust instead of the JVM's trust store, e.g. a
 *     private CA; each entry may hold several (default none)
 * @param checkHostname whether the leaf certificate must be for {@code sni} (default true)
 */
public record TlsParams(String host, Integer port, String sni, Integer minDaysValid, String minProtocol,
        Boolean verifyChain, List<String> trustedCertificates, Boolean checkHostname) implements JobParams {

    /** The protocols {@code minProtocol} may name; older ones are disabled in the JVM anyway. */
    public static final List<String> MIN_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

    private static final String PEM_BEGIN = "-----BEGIN CERTIFICATE-----";

    public TlsParams {
        port = port == null ? 443 : port;
        sni = sni == null ? host : sni;
        verifyChain = verifyChain == null || verifyChain;
        // Not List.copyOf: a null entry is a violation to report, not a reason to fail binding.
        trustedCertificates = trustedCertificates == null ? List.of()
                : Collections.unmodifiableList(new ArrayList<>(trustedCertificates));
        checkHostname = checkHostname == null || checkHostname;
    }

    @Override
    public List<Violation> validate() {
        List<Violation> violations = new ArrayList<>();
        if (host == null || host.isBlank()) {
            violations.add(new Violation("/host", "is required, e.g. \"example.org\""));
        } else if (!isBareName(host)) {
            violations.add(new Violation("/host", "must be a host name or IP address, without scheme or path"));
        }
        if (port < 1 || port > 65535) {
            violations.add(new Violation("/port", "must be a TCP port between 1 and 65535"));
        }
        if (sni != null && !sni.equals(host) && !isBareName(sni)) {
            violations.add(new Violation("/sni", "must be a host name"));
        }
        if (minDaysValid != null && minDaysValid < 0) {
            violations.add(new Violation("/minDaysValid", "must be 0 or more"));
        }
        if (minProtocol != null && !MIN_PROTOCOLS.contains(minProtocol)) {
            violations.add(new Violation("/minProtocol", "must be one of " + MIN_PROTOCOLS));
        }
        for (int i = 0; i < trustedCertificates.size(); i++) {
            try {
                certificates(trustedCertificates.get(i));
            } catch (CertificateException e) {
                violations.add(new Violation("/trustedCertificates/" + i,
                        "must be one or more X.509 certificates in PEM (" + PEM_BEGIN + " …)"));
            }
        }
        return violations;
    }

    /**
     * The certificates of {@code trustedCertificates}, parsed; empty when none are given.
     *
     * @throws IllegalStateException when one is not a certificate, which {@link #validate()} reports
     */
    public List<X509Certificate> trustedCertificateList() {
        List<X509Certificate> certificates = new ArrayList<>();
        for (String pem : trustedCertificates) {
            try {
                certificates.addAll(certificates(pem));
            } catch (CertificateException e) {
                throw new IllegalStateException("trustedCertificates holds something else than a certificate", e);
            }
        }
        return certificates;
    }

    private static boolean isBareName(String name) {
        return !name.isBlank() && name.chars().noneMatch(c -> c == '/' || Character.isWhitespace(c));
    }

    private static List<X509Certificate> certificates(String pem) throws CertificateException {
        // The JDK's factory also reads DER and bare Base64; only PEM is documented, so only PEM is taken.
        if (pem == null || !pem.contains(PEM_BEGIN)) {
            throw new CertificateException("not PEM");
        }
        Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (read.isEmpty()) {
            throw new CertificateException("no certificate");
        }
        return read.stream().map(X509Certificate.class::cast).toList();
    }
}
