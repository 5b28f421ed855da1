package dev.conveyor.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker (or a local cluster of Kafka nodes), a gateway and workers, each a process of its own
 * started through the real launcher ({@code ./conveyor kafka|gateway|worker}, which exec the JVM),
 * so that a test can kill one with SIGKILL or SIGTERM and watch the others cope. Every Conveyor
 * topic and the workers' group are named after this cluster alone.
 */
final class LocalCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
    /** JVMs starting on a 2-core machine while others run take a while. */
    private static final Duration STARTUP = Duration.ofMinutes(2);

    private final Path dir;
    private final int kafkaPort;
    private final int appPorts;
    private final String prefix = "faults-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> brokerSettings;
    private final int brokerCount;
    private final List<Part> parts = new ArrayList<>();
    private final Map<Integer, Part> kafkaNodes = new HashMap<>();
    /** How each gateway and worker was started, by name and port, so that it can be started again the same way. */
    private final Map<String, List<String>> commands = new HashMap<>();
    private String advertisedHost = "localhost";
    private boolean secure;
    private int nextAppPort;
    private int gateways;

    /**
     * One broker.
     *
     * @param dir where the run folder and the parts' output go
     * @param brokerSettings extra broker settings, {@code --key=value}
     */
    LocalCluster(Path dir, String... brokerSettings) throws IOException {
        this(dir, 1, brokerSettings);
    }

    /**
     * A local Kafka cluster of {@code brokerCount} nodes ({@code ./conveyor kafka --brokers N --node I}),
     * each broker and controller; with 3 or more, every topic has 3 replicas, 2 of them in sync.
     */
    LocalCluster(Path dir, int brokerCount, String... brokerSettings) throws IOException {
        this.dir = dir;
        int[] ports = LocalPorts.freePortRanges(2, 20);
        this.kafkaPort = ports[0];
        this.appPorts = ports[1];
        this.brokerCount = brokerCount;
        this.brokerSettings = List.of(brokerSettings);
    }

    String prefix() {
        return prefix;
    }

    String workerGroup() {
        return prefix + "-workers";
    }

    String brokers() {
        return IntStream.rangeClosed(1, brokerCount).mapToObj(node -> advertisedHost + ":" + nodePort(node))
                .collect(Collectors.joining(","));
    }

    /**
     * The address the broker is to give its clients (it then listens on every interface), for
     * clients on another host than localhost; before {@link #startKafka}, with one broker.
     */
    LocalCluster advertising(String host) {
        this.advertisedHost = host;
        return this;
    }

    /**
     * A secure broker ({@code ./conveyor kafka --secure}: TLS, SCRAM-SHA-512, ACLs for this cluster's
     * topics and group) whose gateways and workers connect as the users {@code gateway} and
     * {@code worker}; before {@link #startKafka}, with one broker.
     */
    LocalCluster secure() {
        this.secure = true;
        return this;
    }

    /**
     * The settings of a Kafka client of this secure cluster as {@code user} ({@code admin},
     * {@code gateway} or {@code worker}), with the certificate authority and password the launcher made.
     */
    Map<String, Object> clientConfig(String user) throws IOException {
        Path folder = dir.resolve("run").resolve("kafka-security");
        return Map.of("bootstrap.servers", brokers(), "security.protocol", "SASL_SSL",
                "ssl.truststore.type", "PEM", "ssl.truststore.location", folder.resolve("ca.pem").toString(),
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + Files.readString(folder.resolve(user + ".password")).strip() + "\";");
    }

    /** The certificate authority of this secure cluster, for clients that only trust it. */
    Path certificateAuthority() {
        return dir.resolve("run").resolve("kafka-security").resolve("ca.pem");
    }

    /**
     * Starts every Kafka node and waits until each listens (a secure one: until the launcher has
     * given it its users and ACLs); returns the first.
     */
    Part startKafka() throws IOException {
        List<Part> nodes = new ArrayList<>();
        for (int node = 1; node <= brokerCount; node++) {
            nodes.add(launchKafkaNode(node));
        }
        for (int node = 1; node <= brokerCount; node++) {
            awaitListening(nodes.get(node - 1), nodePort(node));
        }
        if (secure) {
            Part kafka = nodes.getFirst();
            await("users and ACLs of " + kafka.name()).atMost(STARTUP).pollInterval(Duration.ofMillis(200))
                    .until(() -> kafka.requireAlive() && Files.readString(kafka.output()).contains("ACLs on topics"));
        }
        return nodes.getFirst();
    }

    /** Starts Kafka node {@code node} (again, on the same data, after {@link Part#kill9} or {@link Part#stop}). */
    Part startKafkaNode(int node) throws IOException {
        return awaitListening(launchKafkaNode(node), nodePort(node));
    }

    private Part launchKafkaNode(int node) throws IOException {
        List<String> args = new ArrayList<>(List.of("kafka", "--kafka-port", String.valueOf(kafkaPort),
                "--run-dir", dir.resolve("run").toString()));
        if (brokerCount == 1) {
            args.addAll(List.of("--controller-port", String.valueOf(kafkaPort + 1), "--advertised-host", advertisedHost));
        } else {
            args.addAll(List.of("--brokers", String.valueOf(brokerCount), "--node", String.valueOf(node)));
        }
        args.addAll(brokerSettings);
        if (secure) {
            // The names the ACLs cover: this cluster's, as its gateways and workers are given them.
            args.addAll(List.of("--secure", "--conveyor.topics.prefix=" + prefix,
                    "--conveyor.worker.group-id=" + workerGroup()));
        }
        Part part = launch(brokerCount == 1 ? "kafka" : "kafka-" + node, -1, args);
        kafkaNodes.put(node, part);
        return part;
    }

    /** The process of Kafka node {@code node} (1 to the node count), as last started. */
    Part kafkaNode(int node) {
        return kafkaNodes.get(node);
    }

    private Part awaitListening(Part node, int port) {
        await(node.name() + " listening").atMost(STARTUP).pollInterval(Duration.ofMillis(200))
                .until(() -> node.requireAlive() && listening(port));
        return node;
    }

    private int nodePort(int node) {
        return kafkaPort + 2 * (node - 1);
    }

    /** The names of this cluster's topics and group, and as many replicas as its nodes allow. */
    private List<String> clusterSettings() {
        List<String> settings = new ArrayList<>(List.of("--conveyor.topics.prefix=" + prefix));
        if (brokerCount > 1) {
            settings.add("--conveyor.topics.replication-factor=" + Math.min(brokerCount, 3));
        }
        return settings;
    }

    /** A gateway; each keeps its own store (the first under the run folder's {@code gateway/}, as {@code up}'s). */
    Part gateway(String... more) throws IOException {
        return awaitHealthy(launchGateway(more));
    }

    /** A gateway and a worker, started at once and then awaited, so that their JVMs start side by side. */
    List<Part> gatewayAndWorker(String workerId, int concurrency, String... gatewaySettings) throws IOException {
        List<Part> started = List.of(launchGateway(gatewaySettings), launchWorker(List.of(), workerId, concurrency));
        started.forEach(this::awaitHealthy);
        return started;
    }

    /** Several gateways, started all at once and then awaited, each with a store of its own. */
    List<Part> gateways(int count) throws IOException {
        List<Part> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(launchGateway());
        }
        started.forEach(this::awaitHealthy);
        return started;
    }

    private Part launchGateway(String... more) throws IOException {
        int port = appPorts + nextAppPort++;
        List<String> args = new ArrayList<>(List.of("gateway", "--bootstrap-servers", brokers(), "--port",
                String.valueOf(port), "--run-dir", dir.resolve("run").toString(),
                "--conveyor.gateway.worker-group-id=" + workerGroup()));
        if (gateways++ > 0) {
            args.add("--conveyor.data-dir=" + dir.resolve("run").resolve("gateway-" + gateways));
        }
        args.addAll(clusterSettings());
        if (secure) {
            args.add("--secure");
        }
        args.addAll(List.of(more));
        return launch("gateway", port, args);
    }

    /** @param more further {@code --key=value} settings; a topic prefix or group given here replaces the cluster's */
    Part worker(String id, int concurrency, String... more) throws IOException {
        return awaitHealthy(launchWorker(List.of(), id, concurrency, more));
    }

    /**
     * A worker started through a command that runs the launcher elsewhere (such as
     * {@code ip netns exec <ns>}); not awaited, as its health port may not be reachable from here.
     */
    Part workerThrough(List<String> prefix, String id, int concurrency, String... more) throws IOException {
        return launchWorker(prefix, id, concurrency, more);
    }

    /**
     * Several workers, started all at once and then awaited, so that their JVMs start side by
     * side rather than one after the other.
     */
    List<Part> workers(List<String> ids, int concurrency, String... more) throws IOException {
        List<Part> started = new ArrayList<>();
        for (String id : ids) {
            started.add(launchWorker(List.of(), id, concurrency, more));
        }
        started.forEach(this::awaitHealthy);
        return started;
    }

    private Part launchWorker(List<String> prefix, String id, int concurrency, String... more) throws IOException {
        int port = appPorts + nextAppPort++;
        List<String> args = new ArrayList<>(List.of("worker", "--bootstrap-servers", brokers(), "--port",
                String.valueOf(port), "--id", id, "--concurrency", String.valueOf(concurrency),
                "--run-dir", dir.resolve("run").toString()));
        if (secure) {
            args.add("--secure");
        }
        args.addAll(List.of(more));
        // Spring joins a property given twice into a list: the cluster's names only where none are given.
        List<String> defaults = new ArrayList<>(clusterSettings());
        defaults.add("--conveyor.worker.group-id=" + workerGroup());
        for (String name : defaults) {
            String key = name.substring(0, name.indexOf('=') + 1);
            if (args.stream().noneMatch(arg -> arg.startsWith(key))) {
                args.add(name);
            }
        }
        return launch(prefix, id, port, args);
    }

    /** The API of a gateway of this cluster, as its admin. */
    Api api(Part gateway) throws IOException {
        return Api.onPort(gateway.port(), adminToken());
    }

    /** The admin token of this cluster's gateways: the launcher wrote it into the run folder. */
    String adminToken() throws IOException {
        return Files.readString(dir.resolve("run").resolve("admin.token")).strip();
    }

    /**
     * Starts a gateway or worker again as it was first started: the same port, id, settings and
     * data folder (a gateway resumes its store), after {@link Part#kill9}; without waiting for it.
     */
    Part relaunch(Part part) throws IOException {
        List<String> command = commands.get(part.name() + ":" + part.port());
        if (command == null || part.port() < 0) {
            throw new IllegalArgumentException(part.name() + " is no gateway or worker of this cluster");
        }
        return launch(part.name(), part.port(), command);
    }

    /** Waits until a gateway or worker answers its health check with 200. */
    Part awaitHealthy(Part part) {
        Api api = Api.anonymousOnPort(part.port());
        await(part.name() + " healthy").atMost(STARTUP).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsMatching(e -> !(e instanceof PartExitedException))
                .until(() -> part.requireAlive() && api.get("/actuator/health").status() == 200);
        return part;
    }

    private Part launch(String name, int port, List<String> args) throws IOException {
        return launch(List.of(), name, port, args);
    }

    private Part launch(List<String> prefix, String name, int port, List<String> args) throws IOException {
        if (port >= 0) {
            commands.put(name + ":" + port, List.copyOf(args));
        }
        Path root = LocalPorts.projectRoot();
        Path output = dir.resolve(name + "-" + parts.size() + ".out");
        List<String> command = new ArrayList<>(prefix);
        command.add(root.resolve("conveyor").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("CONVEYOR_NO_BUILD", "1"); // the reactor has built the jars
        // The run folder's own secrets, as on a fresh machine, whatever the environment of the build.
        builder.environment().remove("CONVEYOR_ADMIN_TOKEN");
        builder.environment().remove("CONVEYOR_SECRETS_KEYS");
        Part part = new Part(name, port, builder.start(), output);
        parts.add(part);
        return part;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Logs the notable lines of every part's output, to see why a test failed, and keeps the
     * whole outputs under {@code target/fault-logs/}.
     */
    void printTails() {
        Path kept = Path.of("target", "fault-logs", prefix);
        for (Part part : parts) {
            try {
                Files.createDirectories(kept);
                Files.copy(part.output(), kept.resolve(part.output().getFileName()));
            } catch (IOException e) {
                log.error("could not keep {}: {}", part.output(), e.toString());
            }
            try {
                List<String> lines = Files.readAllLines(part.output());
                List<String> notable = lines.stream()
                        .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("JobConsumer"))
                        .toList();
                log.error("---- warnings, errors and consumption of {}:\n{}", part.output(),
                        String.join("\n", notable.subList(Math.max(0, notable.size() - 60), notable.size())));
                log.error("---- the last 20 lines of {}:\n{}", part.output(),
                        String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
            } catch (IOException | UncheckedIOException e) {
                log.error("---- {}: {}", part.output(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        for (Part part : parts) {
            part.process().destroyForcibly();
        }
        for (Part part : parts) {
            try {
                part.process().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One running part; the launcher execs the JVM, so the process is the JVM itself.
     *
     * @param port its HTTP port, or -1 for the broker
     */
    record Part(String name, int port, Process process, Path output) {

        /**
         * True while the process runs; once it has exited, fails with the line of its output that
         * most likely says why, so that the reason shows in the test report's one-line summary.
         */
        boolean requireAlive() {
            if (process.isAlive()) {
                return true;
            }
            String why;
            try {
                List<String> lines = Files.readAllLines(output);
                why = lines.reversed().stream()
                        .filter(line -> line.contains("ERROR") || line.contains("Exception") || line.contains("conveyor: error"))
                        .findFirst().orElse(lines.isEmpty() ? "no output" : lines.getLast());
            } catch (IOException | UncheckedIOException e) {
                why = e.toString();
            }
            throw new PartExitedException(name + " exited with " + process.exitValue() + ": " + why.strip()
                    + " (whole output in " + output + ")");
        }

        /** SIGKILL: nothing runs after it, no shutdown hook, no commit. */
        void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        /** SIGTERM, then waits for the process to end by itself. */
        boolean stop(Duration within) throws InterruptedException {
            process.destroy();
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A part of the cluster ended while a test waited for it. */
    static final class PartExitedException extends RuntimeException {

        PartExitedException(String message) {
            super(message);
        }
    }
}
