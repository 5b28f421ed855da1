package dev.conveyor.worker.jobtypes;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made for a test, read as the test states them:
 * {@code aCertificate().forNames("localhost").validFor(now, 90 days).issuedBy(ca)}. Keys are
 * P-256, which are quick to make.
 */
final class TestCertificates {

    private static final AtomicLong SERIALS = new AtomicLong(1);

    private final List<GeneralName> names = new ArrayList<>();
    private String commonName = "test";
    private Instant notBefore = Instant.now().minus(Duration.ofDays(1));
    private Instant notAfter = Instant.now().plus(Duration.ofDays(90));
    private boolean authority;

    private TestCertificates() {
    }

    /**
     * A key and the chain that certifies it, leaf first.
     *
     * @param key the private key of the leaf
     * @param chain the leaf, then whoever issued it
     */
    record Credentials(PrivateKey key, List<X509Certificate> chain) {

        X509Certificate certificate() {
            return chain.getFirst();
        }

        /** The leaf certificate in PEM, as a job's {@code trustedCertificates} takes it. */
        String pem() {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                writer.writeObject(certificate());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return text.toString();
        }
    }

    /** A certificate authority named {@code name}, valid from yesterday for ten years. */
    static Credentials anAuthority(String name) {
        TestCertificates ca = new TestCertificates();
        ca.commonName = name;
        ca.authority = true;
        ca.notAfter = Instant.now().plus(Duration.ofDays(3650));
        return ca.selfSigned();
    }

    static TestCertificates aCertificate() {
        return new TestCertificates();
    }

    /** DNS names and IP addresses ({@code 127.0.0.1}, {@code ::1}) it is for; the first is also its common name. */
    TestCertificates forNames(String... dnsNamesOrAddresses) {
        for (String name : dnsNamesOrAddresses) {
            boolean address = HostnameMatcher.ipLiteral(name).isPresent();
            names.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        commonName = dnsNamesOrAddresses[0];
        return this;
    }

    TestCertificates withCommonName(String name) {
        commonName = name;
        return this;
    }

    TestCertificates validBetween(Instant from, Instant until) {
        notBefore = from;
        notAfter = until;
        return this;
    }

    Credentials issuedBy(Credentials issuer) {
        KeyPair keys = newKeys();
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(sign(keys, X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                issuer.key()));
        chain.addAll(issuer.chain());
        return new Credentials(keys.getPrivate(), chain);
    }

    Credentials selfSigned() {
        KeyPair keys = newKeys();
        return new Credentials(keys.getPrivate(), List.of(sign(keys, subject(), keys.getPrivate())));
    }

    private X500Name subject() {
        return new X500Name("CN=" + commonName);
    }

    private X509Certificate sign(KeyPair keys, X500Name issuer, PrivateKey issuerKey) {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIALS.getAndIncrement()), Date.from(notBefore), Date.from(notAfter), subject(),
                keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(authority
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
