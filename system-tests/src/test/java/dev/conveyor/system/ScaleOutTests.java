package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Conveyor spread out, each part a process of its own: two gateways serving the same jobs, one
 * of them killed; and a worker on another host (a network namespace of its own) that reaches the
 * broker by its address alone.
 */
@EnabledOnOs(OS.LINUX)
class ScaleOutTests {

    private static final Logger log = LoggerFactory.getLogger(ScaleOutTests.class);
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELED", "DEAD");

    @TempDir
    Path temp;

    private LocalCluster cluster;
    private TestHost host;

    @AfterEach
    void stopEverything() {
        if (cluster != null) {
            cluster.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    void aJobSubmittedOnOneGatewayIsSeenOnTheOtherWithinASecondAndKillingOneLosesNoAcceptedJob() throws Exception {
        twoGatewaysServeTheSameJobs(List.of(), Duration.ofSeconds(1));
    }

    /** One PostgreSQL store for both gateways: the other shows a job the moment its 202 is sent. */
    @Test
    void gatewaysSharingAPostgresStoreShowAJobOnTheOtherAtOnceAndKillingOneLosesNoAcceptedJob() throws Exception {
        twoGatewaysServeTheSameJobs(SharedStoreDatabase.create().gatewaySettings(), Duration.ZERO);
    }

    /**
     * @param gatewaySettings settings both gateways start with
     * @param seenWithin how soon after its 202 the other gateway must show a job (zero: at its first asking)
     */
    private void twoGatewaysServeTheSameJobs(List<String> gatewaySettings, Duration seenWithin) throws Exception {
        cluster = new LocalCluster(temp);
        try {
            cluster.startKafka();
            LocalCluster.Part doomed = cluster.gateway(gatewaySettings.toArray(String[]::new));
            LocalCluster.Part survivor = cluster.gateway(gatewaySettings.toArray(String[]::new));
            cluster.worker("worker", 100);
            Api first = cluster.api(doomed);
            Api second = cluster.api(survivor);

            List<Duration> seenAfter = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String id = first.submit("{\"type\":\"noop\"}");
                long submitted = System.nanoTime();
                if (seenWithin.isZero()) {
                    assertThat(second.get("/api/v1/jobs/" + id).status()).as("job %s on the other gateway, asked at once", id)
                            .isEqualTo(200);
                } else {
                    await("job " + id + " on the other gateway").atMost(Duration.ofSeconds(5))
                            .pollInterval(Duration.ofMillis(10)).until(() -> second.get("/api/v1/jobs/" + id).status() == 200);
                }
                seenAfter.add(Duration.ofNanos(System.nanoTime() - submitted));
            }
            log.info("the other gateway saw each job after at most {} (median {})",
                    seenAfter.stream().max(Duration::compareTo).orElseThrow(), seenAfter.stream().sorted().toList().get(25));
            if (!seenWithin.isZero()) {
                assertThat(seenAfter).as("how long after its 202 the other gateway showed each job")
                        .allMatch(d -> d.compareTo(seenWithin) <= 0);
            }
            // Clients keep submitting to the doomed gateway while it is killed.
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicBoolean submitting = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    while (submitting.get()) {
                        try {
                            Api.Response answer = first.post("/api/v1/jobs",
                                    "{\"type\":\"sleep\",\"params\":{\"duration\":\"PT0.5S\"}}");
                            if (answer.status() == 202) {
                                accepted.add(answer.json().get("id").asString());
                            }
                        } catch (IllegalStateException connectionLost) {
                            return;
                        }
                    }
                }));
            }
            await("jobs accepted by the doomed gateway").atMost(Duration.ofMinutes(1)).until(() -> accepted.size() >= 200);
            doomed.kill9();
            submitting.set(false);
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(40));
            }
            log.info("{} jobs accepted by the gateway that was killed", accepted.size());

            await("every job the killed gateway accepted ended, seen on the other").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> accepted.stream().allMatch(id -> FINAL.contains(second.statusOf(id))));
            assertThat(accepted).allSatisfy(id -> assertThat(second.statusOf(id)).isEqualTo("SUCCEEDED"));
        } catch (Throwable failure) {
            cluster.printTails();
            throw failure;
        }
    }

    @Test
    @EnabledIf("dev.conveyor.system.ScaleOutTests#canMakeHosts")
    void aWorkerOnAnotherHostJoinsWithTheBrokersAddressAndRunsJobs() throws Exception {
        host = TestHost.create();
        cluster = new LocalCluster(temp).advertising(host.gatewayAddress());
        try {
            cluster.startKafka();
            Api api = cluster.api(cluster.gateway());
            cluster.workerThrough(host.run(), "remote", 50);
            await("the remote worker's heartbeat").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> workerIds(api).contains("remote"));

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(api.submit("{\"type\":\"noop\"}"));
            }
            await("the jobs ran").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ids.stream().allMatch(id -> api.statusOf(id).equals("SUCCEEDED")));
            assertThat(ids).as("jobs run by the worker on the other host").allSatisfy(id ->
                    assertThat(api.get("/api/v1/jobs/" + id).json().get("workerId").asString()).isEqualTo("remote"));
        } catch (Throwable failure) {
            cluster.printTails();
            throw failure;
        }
    }

    private static Set<String> workerIds(Api api) {
        Set<String> ids = new java.util.HashSet<>();
        for (JsonNode worker : api.get("/api/v1/workers").json().get("workers")) {
            ids.add(worker.get("id").asString());
        }
        return ids;
    }

    /** Root with iproute2: what making a network namespace and a virtual link to it takes. */
    static boolean canMakeHosts() {
        return "root".equals(System.getProperty("user.name"))
                && (Path.of("/usr/sbin/ip").toFile().canExecute() || Path.of("/sbin/ip").toFile().canExecute());
    }

    /**
     * Another host on this machine: a network namespace joined to this one by a virtual Ethernet
     * pair on a private /24, so the only way from it to the broker is this side's address.
     */
    record TestHost(String namespace, String link, String subnet) implements AutoCloseable {

        static TestHost create() throws IOException, InterruptedException {
            String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF));
            TestHost host = new TestHost("cvy-" + suffix, "cvy" + suffix, "10.231." + ThreadLocalRandom.current().nextInt(1, 255));
            String inside = "cvy" + suffix + "n";
            host.ip("netns", "add", host.namespace);
            host.ip("link", "add", host.link, "type", "veth", "peer", "name", inside);
            host.ip("link", "set", inside, "netns", host.namespace);
            host.ip("addr", "add", host.gatewayAddress() + "/24", "dev", host.link);
            host.ip("link", "set", host.link, "up");
            host.ip("-n", host.namespace, "addr", "add", host.subnet + ".2/24", "dev", inside);
            host.ip("-n", host.namespace, "link", "set", inside, "up");
            host.ip("-n", host.namespace, "link", "set", "lo", "up");
            return host;
        }

        /** This machine's address as the other host reaches it. */
        String gatewayAddress() {
            return subnet + ".1";
        }

        /** The command prefix that runs a command on the other host. */
        List<String> run() {
            return List.of("ip", "netns", "exec", namespace);
        }

        private void ip(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("ip"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        }

        @Override
        public void close() {
            try {
                ip("link", "del", link);
            } catch (IOException | InterruptedException | IllegalStateException e) {
                log.warn("could not remove the link {}: {}", link, e.getMessage());
            }
            try {
                ip("netns", "del", namespace);
            } catch (IOException | InterruptedException | IllegalStateException e) {
                log.warn("could not remove the network namespace {}: {}", namespace, e.getMessage());
            }
        }
    }
}
