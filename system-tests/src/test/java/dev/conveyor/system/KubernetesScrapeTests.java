package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The relabelling of {@code deploy/prometheus/prometheus-kubernetes.yml}, in a real Prometheus:
 * its pods come from a file instead of a Kubernetes API, with the {@code __meta_kubernetes_*}
 * labels Kubernetes discovery gives, so that the test needs no cluster (and runs with Debian's
 * Prometheus, built without Kubernetes discovery). The pods' addresses are on the loopback
 * interface, where nothing answers.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class KubernetesScrapeTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    private PrometheusServer prometheus;

    @AfterEach
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void gatewayAndWorkerPodsAreScrapedOnTheirHttpPortAsTheirOwnJobsAndNoOtherPodIs() throws IOException {
        Path binary = PrometheusTools.require("prometheus");
        Path pods = temp.resolve("pods.json");
        ArrayNode groups = JSON.createArrayNode();
        groups.add(aPod("127.0.0.1:18080", "conveyor-gateway", "gateway-0", "http", "Running", Map.of()));
        groups.add(aPod("127.0.0.1:18081", "conveyor-worker", "worker-0", "http", "Running",
                Map.of("prometheus_io_path", "/metrics")));
        groups.add(aPod("127.0.0.1:18082", "conveyor-worker", "worker-0", "jmx", "Running", Map.of()));
        groups.add(aPod("127.0.0.1:18083", "conveyor-worker", "worker-1", "http", "Running",
                Map.of("prometheus_io_scrape", "false")));
        groups.add(aPod("127.0.0.1:18084", "conveyor-worker", "worker-2", "http", "Pending", Map.of()));
        groups.add(aPod("127.0.0.1:18085", "billing", "billing-0", "http", "Running", Map.of()));
        Files.writeString(pods, JSON.writeValueAsString(groups));
        prometheus = PrometheusServer.start(binary, temp.resolve("prometheus"), withPodsFrom(pods));

        await("the pods discovered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> targets("activeTargets").size() + targets("droppedTargets").size() == 6);
        assertThat(targets("activeTargets")).extracting(target -> target.path("scrapeUrl").asString(),
                        target -> target.path("labels").path("job").asString(),
                        target -> target.path("labels").path("namespace").asString(),
                        target -> target.path("labels").path("pod").asString())
                .containsExactlyInAnyOrder(
                        tuple("http://127.0.0.1:18080/actuator/prometheus", "conveyor-gateway",
                                "conveyor", "gateway-0"),
                        tuple("http://127.0.0.1:18081/metrics", "conveyor-worker", "conveyor",
                                "worker-0"));
        assertThat(targets("droppedTargets")).hasSize(4);
    }

    /**
     * The Kubernetes example with every {@code kubernetes_sd_configs} replaced by pods read from
     * {@code pods} (checking that the example discovers pods, and only pods), and its rules by
     * their absolute path. Written as JSON, which YAML reads.
     */
    static String withPodsFrom(Path pods) {
        ObjectNode config = (ObjectNode) YAMLMapper.builder().build().readTree(MonitoringFiles.kubernetesConfig().toFile());
        config.putArray("rule_files").add(MonitoringFiles.alerts().toString());
        for (JsonNode scrape : config.path("scrape_configs")) {
            JsonNode kubernetes = ((ObjectNode) scrape).remove("kubernetes_sd_configs");
            assertThat(kubernetes.findValuesAsString("role")).as("discovery roles").containsOnly("pod");
            ((ObjectNode) scrape).putArray("file_sd_configs").addObject().putArray("files").add(pods.toString());
        }
        return JSON.writeValueAsString(config);
    }

    private List<JsonNode> targets(String state) {
        return prometheus.api().get("/api/v1/targets?state=any").path("data").path(state).valueStream().toList();
    }

    /** A target group as Kubernetes' pod discovery gives one container port of a pod. */
    private static ObjectNode aPod(String address, String app, String pod, String portName, String phase,
            Map<String, String> annotations) {
        ObjectNode group = JSON.createObjectNode();
        group.putArray("targets").add(address);
        ObjectNode labels = group.putObject("labels");
        labels.put("__meta_kubernetes_namespace", "conveyor");
        labels.put("__meta_kubernetes_pod_name", pod);
        labels.put("__meta_kubernetes_pod_label_app_kubernetes_io_name", app);
        labels.put("__meta_kubernetes_pod_container_port_name", portName);
        labels.put("__meta_kubernetes_pod_phase", phase);
        annotations.forEach((name, value) -> labels.put("__meta_kubernetes_pod_annotation_" + name, value));
        return group;
    }
}
