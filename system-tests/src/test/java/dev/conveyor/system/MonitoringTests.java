package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The dashboards and alerts of {@code deploy/} against a real Prometheus that scrapes a real
 * broker, gateway and two workers, each its own process as {@code ./conveyor up} runs them, after
 * a mix of jobs that makes every metric exist: successes, failures, a retry, a timeout, a dead
 * letter, cancels before and after the start, and 503s while the broker is down. Every panel's
 * and every alert's expression must find its series ({@link MonitoringCheck}), so a misspelled
 * metric or label anywhere in them fails here. Skipped without the {@code prometheus} binary,
 * unless {@code CONVEYOR_REQUIRE_PROMETHEUS=1}.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class MonitoringTests {

    private static final Logger log = LoggerFactory.getLogger(MonitoringTests.class);
    /** What Grafana would set at the test's scrape interval of 1 s: a rate spans many scrapes. */
    private static final Map<String, String> GRAFANA = Map.of("__rate_interval", "30s", "__interval", "5s",
            "__range", "5m");
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELED", "DEAD");

    @TempDir
    Path temp;

    private LocalCluster cluster;
    private PrometheusServer prometheus;

    @AfterEach
    void stopEverything() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyDashboardPanelAndEveryAlertFindsItsSeriesInARealPrometheus() throws Exception {
        Path binary = PrometheusTools.require("prometheus");
        List<Dashboard> dashboards = MonitoringFiles.dashboards();
        List<PrometheusRule> rules = MonitoringFiles.rules();
        cluster = new LocalCluster(temp);
        try {
            LocalCluster.Part kafka = cluster.startKafka();
            // "parked" has no worker: a job there waits, to be canceled before it starts, and makes a lag.
            LocalCluster.Part gateway = cluster.gateway("--conveyor.gateway.queues=default,parked",
                    "--conveyor.gateway.publish-timeout=PT2S");
            List<LocalCluster.Part> workers = List.of(cluster.worker("worker-1", 8), cluster.worker("worker-2", 8));
            prometheus = PrometheusServer.start(binary, temp.resolve("prometheus"), scrapeConfig(gateway, workers));
            Api api = cluster.api(gateway);

            answer503sWhileTheBrokerIsDown(api, kafka);
            runTheJobMix(api, gateway);

            MonitoringCheck check = new MonitoringCheck(prometheus.api(), GRAFANA);
            await("every panel and alert finds its series").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
                        assertThat(unhealthyTargetsAndRules(rules)).as("targets and rule evaluations").isEmpty();
                        List<String> problems = check.problems(dashboards, rules);
                        assertThat(problems).withFailMessage("%d expressions of deploy/ find nothing in Prometheus:%n%s",
                                problems.size(), String.join("\n", problems)).isEmpty();
                    });
            log.info("{} panel queries and {} rules of deploy/ found their series",
                    dashboards.stream().mapToInt(d -> d.queries().size()).sum(), rules.size());
        } catch (Throwable failure) {
            cluster.printTails();
            if (prometheus != null) {
                log.error("---- Prometheus' output:\n{}", Files.readString(prometheus.output()));
            }
            throw failure;
        }
    }

    /** The gateway answers 503 when Kafka does not acknowledge a job; the 5xx panel needs some. */
    private void answer503sWhileTheBrokerIsDown(Api api, LocalCluster.Part kafka) throws Exception {
        assertThat(kafka.stop(Duration.ofSeconds(60))).as("the broker stopped").isTrue();
        Api.Response refused = api.post("/api/v1/jobs", "{\"type\":\"noop\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        cluster.startKafka();
        await("a submission is accepted again").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.post("/api/v1/jobs", "{\"type\":\"noop\"}").status() == 202);
    }

    private void runTheJobMix(Api api, LocalCluster.Part gateway) throws Exception {
        List<String> jobs = new ArrayList<>();
        // Enough jobs that both workers' partitions get some.
        IntStream.range(0, 24).forEach(i -> jobs.add(api.submit("{\"type\":\"noop\"}")));
        IntStream.range(0, 4).forEach(i -> jobs.add(api.submit("{\"type\":\"sleep\",\"params\":{\"duration\":\"PT0.5S\"}}")));
        // Fails: the job has no token, the gateway answers 401.
        jobs.add(api.submit("{\"type\":\"http\",\"params\":{\"url\":\"http://localhost:%d/api/v1/jobs/nope\",\"expectStatus\":200}}"
                .formatted(gateway.port())));
        // Nobody listens there: no answer is a transient error, tried again once.
        int closedPort = LocalPorts.freePortRanges(1)[0];
        jobs.add(api.submit("{\"type\":\"http\",\"params\":{\"url\":\"http://localhost:%d/\"},\"retry\":{\"maxAttempts\":2,\"initialDelay\":\"PT1S\"}}"
                .formatted(closedPort)));
        jobs.add(api.submit("{\"type\":\"sleep\",\"params\":{\"duration\":\"PT30S\"},\"timeout\":\"PT1S\"}"));
        assertThat(api.post("/api/v1/templates", "{\"id\":\"monitoring-noop\",\"type\":\"noop\"}").status()).isEqualTo(201);
        Api.Response launched = api.post("/api/v1/templates/monitoring-noop/launch", "{}");
        assertThat(launched.status()).as(launched.body()).isEqualTo(202);
        jobs.add(launched.json().get("id").asString());

        String running = api.submit("{\"type\":\"sleep\",\"params\":{\"duration\":\"PT60S\"}}");
        await("the long job running").atMost(Duration.ofSeconds(30)).until(() -> api.statusOf(running).equals("RUNNING"));
        cancel(api, running);
        jobs.add(running);
        String parked = api.submit("{\"type\":\"noop\",\"queue\":\"parked\"}");
        cancel(api, parked);
        jobs.add(parked);
        api.submit("{\"type\":\"noop\",\"queue\":\"parked\"}"); // stays queued: the lag of "parked"

        // A type no worker knows, written behind the gateway's back: DEAD, and a dead letter.
        JobRequest unknown = new JobRequest(UUID.randomUUID().toString(), "teleport", null, "default", null, 1, Map.of(),
                "monitoring", Instant.now().truncatedTo(ChronoUnit.MICROS), null, null, null);
        new TestKafka(cluster.brokers()).sendJson(new Topics(cluster.prefix()).jobs("default"), JobRequest::id,
                List.of(unknown));
        jobs.add(unknown.id());

        await("every job of the mix ended").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> jobs.stream().allMatch(id -> FINAL.contains(api.statusOf(id))));
        assertThat(jobs.stream().map(api::statusOf).distinct())
                .as("the final states of the mix").containsExactlyInAnyOrderElementsOf(FINAL);
    }

    private static void cancel(Api api, String id) {
        Api.Response canceled = api.post("/api/v1/jobs/" + id + "/cancel", "");
        assertThat(canceled.status()).as(canceled.body()).isBetween(200, 202);
    }

    /**
     * {@code deploy/prometheus/prometheus.yml} as it is, but scraping this cluster every second,
     * with the rules of {@code alerts.yml} evaluated every second. Written as JSON, which YAML reads.
     */
    private static String scrapeConfig(LocalCluster.Part gateway, List<LocalCluster.Part> workers) {
        ObjectNode config = (ObjectNode) YAMLMapper.builder().build().readTree(MonitoringFiles.prometheusConfig().toFile());
        ((ObjectNode) config.path("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s");
        config.putArray("rule_files").add(MonitoringFiles.alerts().toString());
        Map<String, List<LocalCluster.Part>> targets = Map.of("conveyor-gateway", List.of(gateway), "conveyor-worker", workers);
        List<String> jobs = new ArrayList<>();
        for (JsonNode scrape : config.path("scrape_configs")) {
            String job = scrape.path("job_name").asString();
            jobs.add(job);
            var addresses = ((ObjectNode) scrape).putArray("static_configs").addObject().putArray("targets");
            targets.getOrDefault(job, List.of()).forEach(part -> addresses.add("localhost:" + part.port()));
        }
        assertThat(jobs).as("the scrape jobs of prometheus.yml").containsExactlyInAnyOrderElementsOf(targets.keySet());
        return JsonMapper.builder().build().writeValueAsString(config);
    }

    /** Targets Prometheus could not scrape, and rules it could not evaluate, or an empty list. */
    private List<String> unhealthyTargetsAndRules(List<PrometheusRule> rules) {
        List<String> unhealthy = new ArrayList<>();
        JsonNode targets = prometheus.api().get("/api/v1/targets").path("data").path("activeTargets");
        assertThat(targets).as("active targets").hasSize(3);
        for (JsonNode target : targets) {
            if (!target.path("health").asString().equals("up")) {
                unhealthy.add("target %s: %s %s".formatted(target.path("scrapeUrl").asString(),
                        target.path("health").asString(), target.path("lastError").asString()));
            }
        }
        List<JsonNode> loaded = StreamSupport.stream(prometheus.api().get("/api/v1/rules").path("data").path("groups")
                .spliterator(), false).flatMap(group -> group.path("rules").valueStream()).toList();
        assertThat(loaded).as("rules loaded").extracting(rule -> rule.path("name").asString())
                .containsExactlyInAnyOrderElementsOf(rules.stream().map(PrometheusRule::name).toList());
        for (JsonNode rule : loaded) {
            if (!rule.path("health").asString().equals("ok")) {
                unhealthy.add("rule %s: %s %s".formatted(rule.path("name").asString(), rule.path("health").asString(),
                        rule.path("lastError").asString()));
            }
        }
        return unhealthy;
    }
}
