package dev.conveyor.worker.jobtypes;

import dev.conveyor.worker.jobtypes.TestCertificates.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A server on the loopback address for one test. It accepts on a virtual thread and treats each
 * connection on one of its own: shakes hands as TLS, greets in plain text, or says nothing at all.
 * Closing it closes every connection it still holds.
 */
final class LoopbackServer implements AutoCloseable {

    private static final char[] PASSWORD = "test".toCharArray();

    private final ServerSocket listening;
    private final Connection connection;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    /** What the server does with one accepted connection. */
    @FunctionalInterface
    private interface Connection {

        void serve(Socket socket) throws IOException;
    }

    private LoopbackServer(ServerSocket listening, Connection connection) {
        this.listening = listening;
        this.connection = connection;
        Thread.ofVirtual().name("loopback-server-" + port()).start(this::acceptUntilClosed);
    }

    /** Presents the credentials' chain; {@code protocols}, when given, are all it speaks. */
    static LoopbackServer tls(Credentials credentials, String... protocols) throws IOException {
        SSLServerSocket socket = (SSLServerSocket) serverContext(credentials).getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        return new LoopbackServer(socket, client -> {
            ((SSLSocket) client).startHandshake();
            awaitClose(client);
        });
    }

    /** Speaks first and in plain text, as an SMTP server does. */
    static LoopbackServer greeting(String line) throws IOException {
        return new LoopbackServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), client -> {
            client.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            awaitClose(client);
        });
    }

    /** Accepts connections and never sends a byte. */
    static LoopbackServer silent() throws IOException {
        return new LoopbackServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                LoopbackServer::awaitClose);
    }

    /** A port on the loopback address that nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return listening.getLocalPort();
    }

    /** How many connections it has accepted so far. */
    int connections() {
        return accepted.size();
    }

    @Override
    public void close() throws IOException {
        listening.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    private void acceptUntilClosed() {
        while (!listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                accepted.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            connection.serve(socket);
        } catch (IOException clientWentAway) {
            // The check hangs up as soon as it has seen the handshake; nothing to do.
        }
    }

    /** Reads (and drops) whatever comes until the client hangs up or the server closes. */
    private static void awaitClose(Socket socket) throws IOException {
        while (socket.getInputStream().read() >= 0) {
            // keep reading
        }
    }

    private static SSLContext serverContext(Credentials credentials) {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("server", credentials.key(), PASSWORD,
                    credentials.chain().toArray(X509Certificate[]::new));
            // SunX509 presents the key whatever its dates: the server must be able to show an expired one.
            KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
            keys.init(keyStore, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot serve TLS with these credentials", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
