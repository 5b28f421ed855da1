package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real launcher, as a developer runs it: {@code ./conveyor up} starts Kafka, the gateway and
 * two workers, each a process of its own; jobs run through them; a part killed with SIGKILL is
 * started again; SIGTERM to the launcher stops every one of them. Uses the jars the build already
 * made ({@code CONVEYOR_NO_BUILD=1}).
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherTests {

    /** Three JVMs starting at once on a 2-core machine take most of a minute. */
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration JOB = Duration.ofSeconds(60);
    /** The launcher stops workers, gateway and Kafka in turn, each within its stop timeout. */
    private static final Duration SHUTDOWN = Duration.ofMinutes(2);
    private static final int WORKERS = 2;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path temp;

    private Process launcher;
    private Path output;

    @AfterEach
    void leaveNothingRunning() {
        if (launcher != null && launcher.isAlive()) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    @Test
    void upRunsJobsOnItsOwnProcessesStartsAgainThoseThatDieAndSigtermStopsThemAll() throws Exception {
        int[] ports = LocalPorts.freePortRanges(1 + WORKERS, 2); // gateway and workers; broker and controller
        int port = ports[0];
        Path runDir = temp.resolve("run");
        launcher = launch("up", "--workers", String.valueOf(WORKERS), "--port", String.valueOf(port),
                "--kafka-port", String.valueOf(ports[1]), "--run-dir", runDir.toString());
        try {
            await("gateway health").atMost(STARTUP).pollInterval(Duration.ofSeconds(1))
                    .failFast("the launcher exited", () -> !launcher.isAlive())
                    .until(() -> healthy(port));

            Path adminToken = runDir.resolve("admin.token");
            assertThat(adminToken).as("the launcher generates the admin token").isRegularFile();
            assertThat(Files.getPosixFilePermissions(adminToken)).as("readable by its owner only")
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(runDir.resolve("secrets.keys")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(runDir.resolve("secrets.keys"))).matches("local-1:[A-Za-z0-9+/]{43}=\\n?");
            String token = Files.readString(adminToken).strip();
            await("up prints the admin token").atMost(STARTUP).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Files.readString(output).contains("admin token: " + token));

            assertThat(post("http://localhost:" + port + "/api/v1/jobs", null, "{\"type\":\"noop\"}").statusCode())
                    .as("no token, no job").isEqualTo(401);
            HttpResponse<String> accepted = post("http://localhost:" + port + "/api/v1/jobs", token,
                    "{\"type\":\"sleep\",\"params\":{\"duration\":\"PT0.2S\"}}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String location = accepted.headers().firstValue("Location").orElseThrow();
            await("job SUCCEEDED").atMost(JOB).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> status(location, token), "SUCCEEDED"::equals);

            List<ProcessHandle> parts = launcher.descendants().toList();
            assertThat(parts.stream().filter(LauncherTests::isJava))
                    .as("Kafka, the gateway and the workers run as JVMs of their own").hasSize(2 + WORKERS);
            assertSecretsHandedOn(parts, token, Files.readString(runDir.resolve("secrets.keys")).strip());
            assertRunFolderIsItsOwnersAlone(runDir, parts);
            assertThat(runDir.resolve("logs")).isDirectoryContaining("glob:**/gateway.log")
                    .isDirectoryContaining("glob:**/kafka.log").isDirectoryContaining("glob:**/worker-1.log");

            List<String> jobs = new ArrayList<>(submitSleeps(port, token, 20));
            ProcessHandle worker = part(parts, "--conveyor.worker.id=worker-1");
            ProcessHandle gateway = part(parts, "conveyor-api-gateway");
            worker.destroyForcibly();
            gateway.destroyForcibly();
            await("worker-1 started again").atMost(JOB).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(output).contains("worker-1 started again"));
            // Killed again at once, it is started again after a longer wait: a crash loop does not spin.
            await("worker-1's new process").atMost(JOB).pollInterval(Duration.ofMillis(100))
                    .until(() -> find(launcher.descendants().toList(), "--conveyor.worker.id=worker-1").isPresent());
            part(launcher.descendants().toList(), "--conveyor.worker.id=worker-1").destroyForcibly();
            await("worker-1 waited for twice as long").atMost(JOB).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(output).contains("worker-1 stopped unexpectedly (exit code 137); "
                            + "starting it again in 2s"));
            await("gateway and worker-1 healthy again").atMost(STARTUP).pollInterval(Duration.ofSeconds(1))
                    .failFast("the launcher exited", () -> !launcher.isAlive())
                    .until(() -> healthy(port) && healthy(port + 1));
            assertThat(Files.readString(output)).contains("gateway stopped unexpectedly (exit code 137); starting it again in 1s");
            jobs.addAll(submitSleeps(port, token, 20));
            await("every job, submitted before and after, SUCCEEDED").atMost(JOB).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> jobs.stream().allMatch(job -> "SUCCEEDED".equals(status(job, token))));

            List<ProcessHandle> running = launcher.descendants().toList();
            assertThat(running.stream().filter(LauncherTests::isJava)).as("Kafka, the gateway and the workers")
                    .hasSize(2 + WORKERS);
            launcher.destroy(); // SIGTERM
            assertThat(launcher.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)).as("the launcher ended").isTrue();
            assertThat(launcher.exitValue()).as("the launcher's exit code").isZero();
            await("every part stopped").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(running).noneMatch(ProcessHandle::isAlive));
            String said = Files.readString(output);
            String stopping = said.substring(said.indexOf("stopping (press Ctrl-C"));
            assertThat(stopping).as("what the launcher said once told to stop").doesNotContain("started again");
        } catch (Throwable failure) {
            printTails(runDir);
            throw failure;
        }
    }

    @Test
    void secretsNewKeyPutsANewKeyFirstAndKeepsTheOldOnes() throws Exception {
        Path runDir = temp.resolve("run");
        assertThat(launch("secrets", "--run-dir", runDir.toString()).waitFor()).isZero();
        String before = Files.readString(runDir.resolve("secrets.keys"));

        assertThat(launch("secrets", "--run-dir", runDir.toString(), "--new-key", "local-2").waitFor()).isZero();
        List<String> keys = Files.readAllLines(runDir.resolve("secrets.keys"));
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0)).matches("local-2:[A-Za-z0-9+/]{43}=");
        assertThat(keys.get(1) + "\n").isEqualTo(before);
        assertThat(Files.getPosixFilePermissions(runDir.resolve("secrets.keys")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Process again = launch("secrets", "--run-dir", runDir.toString(), "--new-key", "local-2");
        assertThat(again.waitFor()).isNotZero();
        assertThat(Files.readString(output)).contains("already holds a key 'local-2'");
        assertThat(Files.readAllLines(runDir.resolve("secrets.keys"))).isEqualTo(keys);
    }

    @Test
    void secretsMakesEveryFileTheComposeFileMountsWithABrokerCertificateForKafkaAndLocalhost() throws Exception {
        Path runDir = temp.resolve("run");
        assertThat(launch("secrets", "--run-dir", runDir.toString()).waitFor()).as("./conveyor secrets").isZero();

        // The compose file reads them from ./secrets, the run folder its header has `secrets` make.
        Map<String, Object> compose = DeployedKafka.load(DeployedKafka.DEPLOY.resolve("docker-compose.yml")).getFirst();
        Map<String, Object> composeSecrets = DeployedKafka.map(compose, "secrets");
        assertThat(composeSecrets).isNotEmpty();
        for (Object secret : composeSecrets.values()) {
            String file = String.valueOf(DeployedKafka.map(secret).get("file"));
            assertThat(file).startsWith("./secrets/");
            Path made = runDir.resolve(file.substring("./secrets/".length()));
            assertThat(made).as(file).isNotEmptyFile();
            assertThat(Files.getPosixFilePermissions(made)).as(file)
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        Path security = runDir.resolve("kafka-security");
        KeyStore broker = KeyStore.getInstance("PKCS12");
        char[] password = Files.readString(security.resolve("store.password")).strip().toCharArray();
        try (InputStream in = Files.newInputStream(security.resolve("broker.p12"))) {
            broker.load(in, password);
        }
        X509Certificate certificate = (X509Certificate) broker.getCertificate("broker");
        // Containers reach the broker as kafka, the host as localhost.
        assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
                .contains("kafka", "localhost");
        try (InputStream in = Files.newInputStream(security.resolve("ca.pem"))) {
            certificate.verify(CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey());
        }
    }

    /** Submits sleeps of a second; returns their locations. */
    private static List<String> submitSleeps(int port, String token, int count) {
        List<String> locations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> accepted = post("http://localhost:" + port + "/api/v1/jobs", token,
                    "{\"type\":\"sleep\",\"params\":{\"duration\":\"PT1S\"}}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            locations.add(accepted.headers().firstValue("Location").orElseThrow());
        }
        return locations;
    }

    /** The process among these whose command line holds {@code marker}. */
    private static ProcessHandle part(List<ProcessHandle> processes, String marker) {
        return find(processes, marker).orElseThrow(() -> new AssertionError("no process with " + marker));
    }

    private static Optional<ProcessHandle> find(List<ProcessHandle> processes, String marker) {
        return processes.stream().filter(p -> p.info().commandLine().orElse("").contains(marker)).findFirst();
    }

    private Process launch(String... args) throws IOException {
        Path root = LocalPorts.projectRoot();
        output = temp.resolve("launcher.out");
        List<String> command = new ArrayList<>(List.of(root.resolve("conveyor").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("CONVEYOR_NO_BUILD", "1"); // the reactor has built the jars
        // The run folder's own secrets, as on a fresh machine, whatever the environment of the build.
        builder.environment().remove("CONVEYOR_ADMIN_TOKEN");
        builder.environment().remove("CONVEYOR_SECRETS_KEYS");
        return builder.start();
    }

    /**
     * The keys of secret parameters reach the gateway and every worker; the admin token the gateway
     * alone. Read from the processes' environments where Linux shows them.
     */
    private static void assertSecretsHandedOn(List<ProcessHandle> parts, String token, String keys) throws IOException {
        if (!Files.isReadable(Path.of("/proc/self/environ"))) {
            return;
        }
        List<ProcessHandle> apps = parts.stream().filter(LauncherTests::isJava)
                .filter(p -> p.info().commandLine().orElse("").contains("-exec.jar")).toList();
        assertThat(apps).as("the gateway and the workers").hasSize(1 + WORKERS);
        for (ProcessHandle app : apps) {
            List<String> environment = List.of(Files.readString(Path.of("/proc", String.valueOf(app.pid()), "environ"))
                    .split("\0"));
            assertThat(environment).contains("CONVEYOR_SECRETS_KEYS=" + keys);
            if (app.info().commandLine().orElse("").contains("conveyor-api-gateway")) {
                assertThat(environment).contains("CONVEYOR_ADMIN_TOKEN=" + token);
            } else {
                assertThat(environment).noneMatch(variable -> variable.startsWith("CONVEYOR_ADMIN_TOKEN="));
            }
        }
    }

    /**
     * No other user of the machine reads the run folder (tokens, keys, Kafka's data, the store,
     * the logs), and no part runs from it: what a part resolves against its working directory,
     * {@code /proc/<pid>/cwd} included, does not lead there.
     */
    private static void assertRunFolderIsItsOwnersAlone(Path runDir, List<ProcessHandle> parts) throws IOException {
        List<Path> open = new ArrayList<>();
        Files.walkFileTree(runDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                return visitFile(dir, attributes);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                try {
                    if (!attributes.isSymbolicLink() && Files.getPosixFilePermissions(file).stream()
                            .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                        open.add(file);
                    }
                } catch (NoSuchFileException gone) {
                    // deleted since it was listed
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException gone) {
                return FileVisitResult.CONTINUE; // deleted while walked: a segment or a log Kafka rolled
            }
        });
        assertThat(open).as("files and folders of the run folder that others may open").isEmpty();
        if (!Files.isReadable(Path.of("/proc/self/cwd"))) {
            return;
        }
        for (ProcessHandle part : parts.stream().filter(LauncherTests::isJava).toList()) {
            Path cwd = Path.of("/proc", String.valueOf(part.pid()), "cwd").toRealPath();
            assertThat(cwd).as("the working directory of %s", part.info().commandLine().orElse("?"))
                    .isNotEqualTo(runDir.toRealPath()).startsWith(runDir.toRealPath().resolve("parts"));
        }
    }

    private static boolean isJava(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("/java")).orElse(false);
    }

    private static boolean healthy(int port) {
        try {
            HttpResponse<String> response = get("http://localhost:" + port + "/actuator/health", null);
            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
        } catch (UncheckedIOException notYetListening) {
            return false;
        }
    }

    private static String status(String location, String token) {
        HttpResponse<String> response = get(location, token);
        return response.statusCode() == 200
                ? JsonMapper.shared().readTree(response.body()).path("status").asString()
                : "HTTP " + response.statusCode();
    }

    private static HttpResponse<String> get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
    }

    private static HttpResponse<String> post(String url, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    /** @param token the bearer token to send, or {@code null} for none */
    private static HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** On failure: the end of the launcher's output and of each part's log, to see why. */
    private void printTails(Path runDir) {
        printTail(output, 60);
        try (Stream<Path> logs = Files.list(runDir.resolve("logs"))) {
            logs.filter(log -> log.toString().endsWith(".log")).sorted().forEach(log -> printTail(log, 25));
        } catch (IOException | UncheckedIOException noLogs) {
            System.err.println("(no logs under " + runDir + ")");
        }
    }

    private static void printTail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            System.err.println("---- the last " + lines + " lines of " + file);
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.err::println);
        } catch (IOException | UncheckedIOException unreadable) {
            System.err.println("---- " + file + ": " + unreadable);
        }
    }
}
