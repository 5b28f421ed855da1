package dev.conveyor.system;

import dev.conveyor.common.topics.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;

/**
 * What the scenarios run against: the cluster (started by the suite, or a running one), its
 * topics, a client of its gateway, the results tracker of its results topic, and what the
 * scenarios before measured.
 *
 * @param cluster the cluster the suite started, or {@code null} against a running one
 * @param gatewayPart the gateway the suite started, or {@code null}
 * @param workerPart the worker the suite started (1,000 slots), or {@code null}
 * @param parts the processes the suite started, for {@link BenchLoad}
 */
record BenchContext(BenchOptions options, LocalCluster cluster, LocalCluster.Part gatewayPart,
        LocalCluster.Part workerPart, List<LocalCluster.Part> parts, String brokers, Topics topics,
        GatewayClient gateway, ResultsTracker results, BenchLoad load, Map<String, ScenarioResult> done) {

    /** The main worker's slots: enough for the io-concurrency scenario's 1,000. */
    static final int WORKER_SLOTS = 1_000;

    BenchContext {
        done = new LinkedHashMap<>(done);
    }

    String jobsTopic() {
        return topics.jobs("default");
    }

    /** A figure of a scenario run before in this suite, or {@code null}. */
    Double figure(String scenario, String key) {
        ScenarioResult result = done.get(scenario);
        return result == null || !(result.figures().get(key) instanceof Number n) ? null : n.doubleValue();
    }

    /** The jobs topic's partition count. */
    int partitions() throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(jobsTopic())).allTopicNames().get().get(jobsTopic()).partitions().size();
        }
    }

    /** Topics of their own for a scenario's own workers, declared with {@code partitions} partitions. */
    Topics declareTopics(String scenario, int partitions) throws Exception {
        Topics own = new Topics(topics.prefix() + "-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 6));
        try (Admin admin = admin()) {
            var declared = own.declarations(List.of("default"), partitions, (short) 1);
            admin.createTopics(declared).all().get();
            awaitLeaders(admin, declared.stream().map(NewTopic::name).toList());
        }
        return own;
    }

    /**
     * Waits until every partition of new topics has a leader: writing before that can leave an
     * idempotent producer retrying out-of-order sequences until its delivery timeout.
     */
    static void awaitLeaders(Admin admin, List<String> topics) {
        Awaitility.await("leaders of " + topics).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> admin.describeTopics(topics).allTopicNames().get().values().stream()
                        .allMatch(topic -> topic.partitions().stream().allMatch(p -> p.leader() != null)));
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers));
    }
}
