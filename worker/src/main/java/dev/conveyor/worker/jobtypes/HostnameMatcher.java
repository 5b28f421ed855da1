package dev.conveyor.worker.jobtypes;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a certificate is for a name, as RFC 6125 has it: a host name against the DNS names of
 * the subject alternative names, where {@code *} may stand for the whole leftmost label; an IP
 * address against the IP addresses there. The subject's common name is never read: RFC 6125
 * makes it a fallback only, and browsers have long ignored it.
 */
final class HostnameMatcher {

    private static final int DNS = 2;
    private static final int IP = 7;
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

    private HostnameMatcher() {
    }

    /**
     * One subject alternative name.
     *
     * @param kind {@code DNS} or {@code IP}
     * @param value the name or address as the certificate has it
     */
    record AltName(String kind, String value) {

        @Override
        public String toString() {
            return kind + ":" + value;
        }
    }

    static boolean matches(X509Certificate certificate, String name) {
        Optional<InetAddress> address = ipLiteral(name);
        return altNames(certificate).stream().anyMatch(alt -> address.isPresent()
                ? alt.kind().equals("IP") && address.equals(ipLiteral(alt.value()))
                : alt.kind().equals("DNS") && dnsMatches(alt.value(), name));
    }

    /** The DNS and IP subject alternative names; other kinds cannot name a TLS server. */
    static List<AltName> altNames(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (names == null) {
            return List.of();
        }
        return names.stream()
                .filter(n -> n.get(0) instanceof Integer type && (type == DNS || type == IP))
                .map(n -> new AltName((Integer) n.get(0) == DNS ? "DNS" : "IP", (String) n.get(1)))
                .toList();
    }

    static boolean dnsMatches(String pattern, String host) {
        String p = normalized(pattern);
        String h = normalized(host);
        if (!p.startsWith("*.")) {
            return p.equals(h);
        }
        String parent = p.substring(1);
        int firstDot = h.indexOf('.');
        // The wildcard stands for exactly one label, and never for all but a top-level domain (*.com).
        return parent.indexOf('.', 1) > 0 && firstDot > 0 && h.substring(firstDot).equals(parent);
    }

    /**
     * The address an IP literal ({@code 192.0.2.1}, {@code 2001:db8::1}, {@code [::1]}) stands for;
     * empty for a host name, which is never looked up.
     */
    static Optional<InetAddress> ipLiteral(String name) {
        String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        if (!IPV4.matcher(bare).matches() && !bare.contains(":")) {
            return Optional.empty();
        }
        try {
            // A literal is parsed, not resolved.
            return Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String normalized(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
