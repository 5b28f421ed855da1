package dev.conveyor.worker.jobtypes;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whether a server's chain leads to a trust anchor, by PKIX path validation. Revocation is not
 * checked: that would make the check depend on CRL and OCSP servers it was not asked about.
 */
final class ChainValidator {

    private ChainValidator() {
    }

    /** The JVM's default trust anchors: its {@code cacerts}, or whatever trust store it was told to use. */
    static Set<TrustAnchor> jvmTrustAnchors() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return Arrays.stream(factory.getTrustManagers())
                    .filter(X509TrustManager.class::isInstance)
                    .flatMap(m -> Arrays.stream(((X509TrustManager) m).getAcceptedIssuers()))
                    .map(c -> new TrustAnchor(c, null))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM's trust store cannot be read", e);
        }
    }

    static Set<TrustAnchor> anchors(List<X509Certificate> certificates) {
        return certificates.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Why the chain does not validate against the anchors as of a moment, or empty when it does.
     *
     * @param chain the server's chain, its leaf first
     */
    static Optional<String> problem(List<X509Certificate> chain, Set<TrustAnchor> anchors, Instant at) {
        if (anchors.isEmpty()) {
            return Optional.of("there is no trust anchor to validate against");
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(belowAnchors(chain, anchors)), parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of(e.getMessage());
        } catch (GeneralSecurityException e) {
            return Optional.of("cannot be validated: " + e.getMessage());
        }
    }

    /** The chain without the anchors a server may send after its intermediates: a path ends below its anchor. */
    private static List<X509Certificate> belowAnchors(List<X509Certificate> chain, Set<TrustAnchor> anchors) {
        Set<X509Certificate> anchorCertificates = anchors.stream().map(TrustAnchor::getTrustedCert)
                .collect(Collectors.toSet());
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && anchorCertificates.contains(path.getLast())) {
            path.removeLast();
        }
        return path;
    }
}
