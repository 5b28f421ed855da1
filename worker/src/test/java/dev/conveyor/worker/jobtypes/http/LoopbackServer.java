package dev.conveyor.worker.jobtypes.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * An HTTP (or HTTPS) server on loopback for one test, answering as the test says and keeping
 * every request it received. Each exchange runs on a virtual thread of its own, so a handler that
 * waits holds up no other.
 */
final class LoopbackServer implements AutoCloseable {

    /** How a test's handler answers one request. */
    @FunctionalInterface
    interface Answer {

        void answer(HttpExchange exchange, Received request) throws IOException, InterruptedException;
    }

    /**
     * A request as the server received it.
     *
     * @param method its method
     * @param path its path
     * @param headers its headers
     * @param body its body, as UTF-8
     */
    record Received(String method, String path, Headers headers, String body) {
    }

    private final HttpServer server;
    private final String scheme;
    private final ExecutorService exchanges = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private LoopbackServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(exchanges);
        server.start();
    }

    static LoopbackServer http() throws IOException {
        return new LoopbackServer(HttpServer.create(new InetSocketAddress("localhost", 0), 0), "http");
    }

    static LoopbackServer https(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new LoopbackServer(server, "https");
    }

    /** Answers requests to this path (and below it) as the handler says. */
    LoopbackServer on(String path, Answer answer) {
        server.createContext(path, exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders(), new String(body, StandardCharsets.UTF_8));
                received.add(request);
                answer.answer(exchange, request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return this;
    }

    URI url(String path) {
        return URI.create(scheme + "://localhost:" + server.getAddress().getPort() + path);
    }

    /** The next request received, waiting a little for it. */
    Received nextRequest() throws InterruptedException {
        Received next = received.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("the server received no request");
        }
        return next;
    }

    /** Whether every request the server received has been taken by {@link #nextRequest}, or none came. */
    boolean receivedNoMore() {
        return received.isEmpty();
    }

    /** For a handler that never answers: returns only once the test is over. */
    void holdUntilClosed() throws InterruptedException {
        closing.await();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        exchanges.shutdownNow();
    }

    /** Sends the status and the body, as UTF-8 text. */
    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
