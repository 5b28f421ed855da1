package dev.conveyor.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus, the {@code prometheus} binary, on a free port of this machine with its data
 * in a folder of the test's: started with a configuration, stopped by {@link #close()}.
 */
final class PrometheusServer implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final PrometheusApi api;

    private PrometheusServer(Process process, Path output, PrometheusApi api) {
        this.process = process;
        this.output = output;
        this.api = api;
    }

    /**
     * Writes {@code config} (YAML, or JSON, which YAML reads too) to {@code dir} and starts
     * Prometheus on it, returning once it is ready to serve queries.
     */
    static PrometheusServer start(Path binary, Path dir, String config) throws IOException {
        Files.createDirectories(dir);
        Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
        Path output = dir.resolve("prometheus.out");
        int port = LocalPorts.freePortRanges(1)[0];
        Process process = new ProcessBuilder(List.of(binary.toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, output,
                new PrometheusApi(URI.create("http://127.0.0.1:" + port)));
        try {
            await("Prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .failFast("Prometheus exited; see " + output, () -> !process.isAlive())
                    .until(server.api::ready);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    PrometheusApi api() {
        return api;
    }

    Path output() {
        return output;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
