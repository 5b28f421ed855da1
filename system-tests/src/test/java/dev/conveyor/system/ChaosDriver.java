package dev.conveyor.system;

import static org.awaitility.Awaitility.await;

import dev.conveyor.common.topics.Topics;
import dev.conveyor.system.ChaosHistory.Kill;
import dev.conveyor.system.ChaosPlan.PartKind;
import dev.conveyor.system.ChaosPlan.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ChaosPlan} against a local cluster of three Kafka nodes, two gateways and three
 * workers while {@link ChaosClients} submit. Before a gateway or Kafka node is killed, the clients
 * send a burst of batches and the kill waits until some are in flight, so that it catches
 * submits midway. A Kafka node is killed only when every partition of the results and jobs topics
 * has all three replicas in sync, so that at most one node is ever down.
 */
final class ChaosDriver {

    private static final Logger log = LoggerFactory.getLogger(ChaosDriver.class);
    /** Batches sent at once before a kill that must catch submits midway. */
    private static final int BURST = 6;
    /** Requests that must be in flight when such a kill strikes. */
    private static final int IN_FLIGHT = 4;
    /** Batches accepted after a burst before a worker is killed: it then has jobs of them in flight. */
    private static final int ACCEPTED_BEFORE_WORKER_KILL = 2;
    private static final Duration WHOLE_AGAIN = Duration.ofMinutes(3);

    private final LocalCluster cluster;
    private final ChaosClients clients;
    private final Topics topics;
    /** Gateway 1 and 2, and workers 1 to 3, as last started. */
    private final Map<String, LocalCluster.Part> parts = new HashMap<>();
    private final List<Kill> kills = new CopyOnWriteArrayList<>();
    /** Each waits until a part started again answers its health check, and records its kill then. */
    private final List<Thread> watchers = new CopyOnWriteArrayList<>();

    /**
     * @param gateways gateway 1 and gateway 2
     * @param workers workers 1 to 3
     */
    ChaosDriver(LocalCluster cluster, ChaosClients clients, List<LocalCluster.Part> gateways,
            List<LocalCluster.Part> workers) {
        this.cluster = cluster;
        this.clients = clients;
        this.topics = new Topics(cluster.prefix());
        for (int i = 0; i < gateways.size(); i++) {
            parts.put("gateway " + (i + 1), gateways.get(i));
        }
        for (int i = 0; i < workers.size(); i++) {
            parts.put("worker " + (i + 1), workers.get(i));
        }
    }

    List<Kill> kills() {
        return List.copyOf(kills);
    }

    /** Runs every step at its time, or later when the cluster is not whole yet; returns once the last part is restarted. */
    void run(ChaosPlan plan) throws Exception {
        Instant start = Instant.now();
        for (Step step : plan.steps()) {
            Duration until = Duration.between(Instant.now(), start.plus(step.at()));
            if (until.isPositive()) {
                // The schedule's pace, not a wait for something to happen.
                await("step " + step.number() + " due").atMost(until.plusSeconds(1)).pollDelay(until).until(() -> true);
            }
            log.info("chaos {} (+{} s)", step, Duration.between(start, Instant.now()).toSeconds());
            switch (step.kind()) {
                case WORKER -> killAndRestart(step, List.of("worker " + step.target()));
                case GATEWAY -> killAndRestart(step, List.of("gateway " + step.target()));
                case BOTH_GATEWAYS -> killAndRestart(step, List.of("gateway 1", "gateway 2"));
                case KAFKA_NODE -> killKafkaNodeAndRestart(step);
            }
        }
    }

    /** Waits until every gateway and worker answers its health check again. */
    void awaitAllHealthy() throws InterruptedException {
        parts.values().forEach(cluster::awaitHealthy);
        for (Thread watcher : watchers) {
            watcher.join();
        }
    }

    private void killAndRestart(Step step, List<String> names) throws Exception {
        // The cluster whole again first: a worker's step waits for batches that only gateways back
        // from an earlier step accept, and their restart may take long on a busy machine.
        parts.values().forEach(cluster::awaitHealthy);
        clients.burst(BURST);
        if (step.kind() == PartKind.WORKER) {
            int accepted = clients.acceptedCount();
            await("batches accepted before killing a worker").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> clients.acceptedCount() >= accepted + ACCEPTED_BEFORE_WORKER_KILL);
        } else {
            List<Integer> gateways = names.stream().map(name -> Integer.parseInt(name.substring("gateway ".length()))).toList();
            awaitInFlight(() -> gateways.stream().mapToInt(clients::inFlightAt).sum());
        }
        int inFlight = clients.inFlight();
        Map<String, Instant> killedAt = new HashMap<>();
        for (String name : names) {
            parts.get(name).kill9();
            killedAt.put(name, Instant.now());
        }
        log.info("chaos step {}: killed {} with {} requests in flight at the gateways", step.number(), names, inFlight);
        pause(step.down());
        for (String name : names) {
            LocalCluster.Part again = cluster.relaunch(parts.get(name));
            parts.put(name, again);
            watchers.add(Thread.ofVirtual().start(() -> {
                Instant back = null;
                try {
                    cluster.awaitHealthy(again);
                    back = Instant.now();
                } finally {
                    kills.add(new Kill(step.number(), step.kind(), name, killedAt.get(name), back));
                }
            }));
        }
    }

    private void killKafkaNodeAndRestart(Step step) throws Exception {
        await("all replicas in sync before killing a Kafka node").atMost(WHOLE_AGAIN).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(this::allInSync);
        // Submits must be in flight at the gateways when the node dies, not waiting for a gateway to start.
        List.of("gateway 1", "gateway 2").forEach(name -> cluster.awaitHealthy(parts.get(name)));
        int node = step.target();
        List<String> led = partitionsLedBy(node);
        if (led.isEmpty()) {
            log.warn("chaos step {}: Kafka node {} leads no partition of the results or jobs topics", step.number(), node);
        }
        clients.burst(BURST);
        awaitInFlight(clients::inFlight);
        int inFlight = clients.inFlight();
        cluster.kafkaNode(node).kill9();
        Instant killedAt = Instant.now();
        log.info("chaos step {}: killed Kafka node {}, leader of {}, with {} requests in flight", step.number(), node,
                led, inFlight);
        pause(step.down());
        cluster.startKafkaNode(node);
        kills.add(new Kill(step.number(), step.kind(), "kafka-" + node, killedAt, Instant.now()));
    }

    private static void awaitInFlight(IntSupplier inFlight) {
        try {
            await("requests in flight").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> inFlight.getAsInt() >= IN_FLIGHT);
        } catch (ConditionTimeoutException e) {
            log.warn("fewer than {} requests in flight after 30 s; killing all the same", IN_FLIGHT);
        }
    }

    private static void pause(Duration down) {
        if (down.isPositive()) {
            // How long the part stays down, as the plan says.
            await().atMost(down.plusSeconds(1)).pollDelay(down).until(() -> true);
        }
    }

    private boolean allInSync() throws Exception {
        try (Admin admin = admin()) {
            for (String topic : watchedTopics()) {
                for (TopicPartitionInfo partition : describe(admin, topic)) {
                    if (partition.isr().size() < ChaosPlan.KAFKA_NODES) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private List<String> partitionsLedBy(int node) throws Exception {
        List<String> led = new ArrayList<>();
        try (Admin admin = admin()) {
            for (String topic : watchedTopics()) {
                for (TopicPartitionInfo partition : describe(admin, topic)) {
                    if (partition.leader() != null && partition.leader().id() == node) {
                        led.add(topic.substring(cluster.prefix().length() + 1) + "-" + partition.partition());
                    }
                }
            }
        }
        return led;
    }

    private List<String> watchedTopics() {
        return List.of(topics.jobResults(), topics.jobs("default"));
    }

    private static List<TopicPartitionInfo> describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.brokers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }
}
