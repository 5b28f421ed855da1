package dev.conveyor.worker.jobtypes;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What a TLS server showed in one handshake: its protocol, cipher suite and certificate chain.
 * The handshake trusts any certificate, so that an untrusted one is seen and reported rather than
 * lost to a handshake failure; the check judges the chain itself, and nothing is sent over the
 * connection.
 *
 * @param protocol the negotiated protocol, e.g. {@code TLSv1.3}
 * @param cipherSuite the negotiated cipher suite
 * @param chain the server's certificates, its leaf first
 */
record TlsHandshake(String protocol, String cipherSuite, List<X509Certificate> chain) {

    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Connects and shakes hands. On a virtual thread an interrupt closes the socket, so the call
     * ends at once with an {@link IOException} and the thread's interrupt status set.
     *
     * @param address where to connect, already resolved and checked
     * @param sni the server name to send; none is sent for an IP address, as RFC 6066 requires
     * @param timeout how long to wait for the connection, and for each answer of the server
     */
    static TlsHandshake with(InetAddress address, int port, String sni, Duration timeout) throws IOException {
        Duration connectTimeout = timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT;
        try (SSLSocket socket = (SSLSocket) freshContext().getSocketFactory().createSocket()) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(serverNames(sni));
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(millis(timeout));
            socket.connect(new InetSocketAddress(address, port), millis(connectTimeout));
            socket.startHandshake();
            SSLSession session = socket.getSession();
            List<X509Certificate> chain = Arrays.stream(session.getPeerCertificates())
                    .filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new SSLException("the server sent no X.509 certificate");
            }
            return new TlsHandshake(session.getProtocol(), session.getCipherSuite(), chain);
        }
    }

    X509Certificate leaf() {
        return chain.getFirst();
    }

    /** A context per handshake: a cached session would be resumed, and show a certificate from before. */
    private static SSLContext freshContext() throws SSLException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptingTrustManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new SSLException("TLS is not available in this JVM", e);
        }
    }

    /**
     * The name to send, if it may be sent: not an IP address (RFC 6066), nor a name DNS would not
     * take ({@code my_host}), which the JDK does not send either.
     */
    private static List<SNIServerName> serverNames(String sni) {
        if (HostnameMatcher.ipLiteral(sni).isPresent()) {
            return List.of();
        }
        try {
            return List.of(new SNIHostName(sni));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static int millis(Duration duration) {
        return Math.clamp(duration.toMillis(), 1, Integer.MAX_VALUE);
    }

    /**
     * Accepts any server chain. Extended, because the JDK wraps a plain {@code X509TrustManager}
     * in one that checks the chain's algorithms after all.
     */
    private static final class AcceptingTrustManager extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
