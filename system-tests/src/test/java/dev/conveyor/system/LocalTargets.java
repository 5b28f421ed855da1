package dev.conveyor.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stand-ins for the targets of {@code http} checks: one HTTP server on 127.0.0.1, in this JVM,
 * that answers {@code GET /<target>/<anything>} with 200 and a two-byte body, each exchange on a
 * virtual thread of its own. A target made to {@link #hang} is never answered: its requests wait
 * until the server closes, as a host that accepts connections and then stalls would.
 */
final class LocalTargets implements AutoCloseable {

    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);
    /** Room for every connection the checks and the direct client open at once. */
    private static final int BACKLOG = 1024;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private volatile Set<String> hanging = Set.of();

    private LocalTargets(HttpServer server) {
        this.server = server;
    }

    static LocalTargets start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), BACKLOG);
        LocalTargets targets = new LocalTargets(server);
        server.createContext("/", targets::handle);
        server.setExecutor(targets.threads);
        server.start();
        return targets;
    }

    /** The base URL of the targets, {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, requests for these targets get no answer; an empty set makes every target answer. */
    void hang(Set<String> targets) {
        hanging = Set.copyOf(targets);
    }

    /** How many requests were answered 200 so far. */
    long answered() {
        return answered.get();
    }

    /** How many requests were held without an answer so far. */
    long held() {
        return held.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().split("/");
            if (path.length > 1 && hanging.contains(path[1])) {
                held.incrementAndGet();
                closing.await();
                return;
            }
            exchange.sendResponseHeaders(200, OK.length);
            exchange.getResponseBody().write(OK);
            answered.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the held requests go unanswered, closes every connection and waits for the handlers. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closing.countDown();
            server.stop(0);
            threads.close();
        }
    }
}
