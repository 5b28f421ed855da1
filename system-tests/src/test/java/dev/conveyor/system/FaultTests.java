package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery guarantees with every part in a JVM of its own, as in production: a worker killed
 * with SIGKILL, a worker stopped with SIGTERM, the broker stopped and started again.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class FaultTests {

    private static final Logger log = LoggerFactory.getLogger(FaultTests.class);

    /**
     * From a worker's kill to its jobs running again on another: the launcher's broker expires a
     * silent member after 3 s (deploy/kafka/server.properties), then the survivor learns its new
     * partitions at its next heartbeat (0.5 s); the rest is slack for a busy machine. With Kafka's
     * own defaults this takes 45 to 50 s.
     */
    private static final Duration TAKEOVER = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    private LocalCluster cluster;

    @AfterEach
    void stopEverything() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aWorkerKilledMidRunLosesNothingAndOnlyItsJobsInFlightRunAgain() throws Exception {
        cluster = new LocalCluster(temp);
        try {
            cluster.startKafka();
            LocalCluster.Part gateway = cluster.gateway();
            LocalCluster.Part doomed = cluster.worker("doomed", 50);
            cluster.worker("survivor", 50);
            Topics topics = new Topics(cluster.prefix());
            TestKafka kafka = new TestKafka(cluster.brokers());

            // 1,000 jobs of 1 s, every tenth of 5 s, on 2 × 50 slots: each worker has seconds of work
            // queued when the doomed one is killed, so it dies with jobs in flight however long a read
            // of the results takes; and the long ones, RUNNING from half a second on, make sure some
            // of those were visibly started (a job not yet past its RUNNING runs again as the same attempt).
            List<JobRequest> jobs = IntStream.range(0, 1000).mapToObj(i -> aSleep(i % 10 == 0 ? "PT5S" : "PT1S"))
                    .toList();
            kafka.sendJson(topics.jobs("default"), JobRequest::id, jobs);
            await("the doomed worker is busy").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        ResultsLog seen = ResultsLog.read(cluster.brokers(), topics.jobResults());
                        return seen.startedBy("doomed").size() >= 100 && !seen.leftRunningBy("doomed").isEmpty();
                    });
            doomed.kill9();

            Api api = cluster.api(gateway);
            await("every job SUCCEEDED").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> succeeded(api).size() == jobs.size());

            ResultsLog results = ResultsLog.read(cluster.brokers(), topics.jobResults());
            Set<String> inFlightWhenKilled = results.leftRunningBy("doomed");
            Set<String> startedByDoomed = results.startedBy("doomed");
            assertThat(inFlightWhenKilled).as("jobs the doomed worker had in flight (it started %d)",
                    startedByDoomed.size()).isNotEmpty();
            for (JobRequest job : jobs) {
                List<JobSnapshot> ends = results.ends(job.id());
                assertThat(ends).as("ends of %s", job.id()).isNotEmpty()
                        .allMatch(end -> end.status() == JobStatus.SUCCEEDED);
                if (ends.size() > 1) {
                    assertThat(startedByDoomed).as("%s ended twice: it must have been the dead worker's", job.id())
                            .contains(job.id());
                }
                int attempt = ends.getLast().attempt();
                if (attempt > 1) {
                    assertThat(startedByDoomed).as("%s ran again as attempt %d", job.id(), attempt).contains(job.id());
                }
            }
            long rerunAsFurtherAttempt = jobs.stream().filter(j -> results.ends(j.id()).getLast().attempt() > 1)
                    .count();
            assertThat(rerunAsFurtherAttempt).as("jobs run again as a further attempt").isPositive();
            assertThat(endOffset(topics.deadLetters())).as("dead letters").isZero();
        } catch (Throwable failure) {
            cluster.printTails();
            throw failure;
        }
    }

    @Test
    void theJobsOfAKilledWorkerStartAgainOnTheSurvivorWithinTenSecondsOfTheKill() throws Exception {
        cluster = new LocalCluster(temp);
        try {
            cluster.startKafka();
            LocalCluster.Part doomed = cluster.workers(List.of("doomed", "survivor"), 256).getFirst();
            Topics topics = new Topics(cluster.prefix());
            TestKafka kafka = new TestKafka(cluster.brokers());

            // A worker's id is its static membership: a second process with an id in use is refused.
            LocalCluster.Part twin = cluster.workerThrough(List.of(), "survivor", 256);
            await("the twin refused").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !twin.process().isAlive());
            assertThat(twin.process().exitValue()).as("the twin's exit code").isEqualTo(3);
            assertThat(Files.readString(twin.output())).contains("Worker id survivor is a member of group");

            // 400 jobs of 4 s on 2 × 256 slots: all run at once, so the survivor has slots free for
            // the doomed worker's jobs the moment it gets their partitions, and what is measured is
            // the takeover, not a wait for slots.
            List<JobRequest> jobs = IntStream.range(0, 400).mapToObj(i -> aSleep("PT4S")).toList();
            kafka.sendJson(topics.jobs("default"), JobRequest::id, jobs);
            await("the doomed worker runs jobs").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ResultsLog.read(cluster.brokers(), topics.jobResults()).leftRunningBy("doomed").size() >= 50);
            Instant killed = Instant.now();
            doomed.kill9();

            await("every job ended").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ResultsLog.read(cluster.brokers(), topics.jobResults()).jobsEnded() == jobs.size());

            ResultsLog results = ResultsLog.read(cluster.brokers(), topics.jobResults());
            Set<String> inFlightWhenKilled = results.leftRunningBy("doomed");
            assertThat(inFlightWhenKilled).as("jobs the doomed worker had in flight").hasSizeGreaterThanOrEqualTo(50);
            List<Duration> takeovers = new ArrayList<>();
            for (String id : inFlightWhenKilled) {
                JobSnapshot end = results.ends(id).getLast();
                assertThat(end.workerId()).as("who ran %s in the end", id).isEqualTo("survivor");
                takeovers.add(Duration.between(killed, end.startedAt()));
            }
            Duration slowest = Collections.max(takeovers);
            log.info("takeover after kill -9: {} jobs started again on the survivor {} to {} after the kill",
                    takeovers.size(), Collections.min(takeovers), slowest);
            assertThat(slowest).as("from the kill to the last of its jobs starting again").isLessThan(TAKEOVER);
            for (JobRequest job : jobs) {
                List<JobSnapshot> ends = results.ends(job.id());
                assertThat(ends).as("ends of %s", job.id()).isNotEmpty()
                        .allMatch(end -> end.status() == JobStatus.SUCCEEDED);
                if (ends.size() > 1) {
                    // One it ended in its last milliseconds, before the commit that would have said so.
                    assertThat(results.startedBy("doomed")).as("%s ended twice: it must have been the dead worker's",
                            job.id()).contains(job.id());
                }
            }
        } catch (Throwable failure) {
            cluster.printTails();
            throw failure;
        }
    }

    @Test
    void sigtermLetsRunningJobsFinishAndNoneRunsTwice() throws Exception {
        cluster = new LocalCluster(temp);
        try {
            cluster.startKafka();
            LocalCluster.Part gateway = cluster.gateway();
            LocalCluster.Part worker = cluster.worker("draining", 100);
            Topics topics = new Topics(cluster.prefix());
            Api api = cluster.api(gateway);

            // One batch: all 50 are queued at once, so they all run together however slow the machine is.
            String batch = IntStream.range(0, 50).mapToObj(i -> "{\"type\":\"sleep\",\"params\":{\"duration\":\"PT6S\"}}")
                    .collect(Collectors.joining(",", "{\"jobs\":[", "]}"));
            Api.Response submitted = api.post("/api/v1/jobs:batch", batch);
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
            List<String> ids = submitted.json().get("jobs").valueStream().map(job -> job.get("id").asString()).toList();
            await("50 jobs running").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ids.stream().allMatch(id -> api.statusOf(id).equals("RUNNING")));

            assertThat(worker.stop(Duration.ofSeconds(60))).as("the worker exited by itself").isTrue();

            ResultsLog results = ResultsLog.read(cluster.brokers(), topics.jobResults());
            for (String id : ids) {
                assertThat(results.runs(id)).as("runs of %s", id).hasSize(1);
                assertThat(results.ends(id)).as("ends of %s", id).singleElement()
                        .satisfies(end -> assertThat(end.status()).isEqualTo(JobStatus.SUCCEEDED));
            }
            assertThat(committed(topics.jobs("default"))).as("everything committed: nothing left to run again")
                    .isEqualTo(endOffsets(topics.jobs("default")));
            await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream()
                    .allMatch(id -> api.statusOf(id).equals("SUCCEEDED")));
        } catch (Throwable failure) {
            cluster.printTails();
            throw failure;
        }
    }

    @Test
    void theBrokerStoppedMidRunLosesNoAcceptedJobAndSubmissionsMeanwhileAreRefused() throws Exception {
        cluster = new LocalCluster(temp);
        try {
            LocalCluster.Part kafka = cluster.startKafka();
            LocalCluster.Part gateway = cluster.gateway();
            cluster.worker("steady", 50);
            Api api = cluster.api(gateway);

            // 600 jobs of 2 s on 50 slots: 24 s of work, so the broker stops while most still wait or run.
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            accepted.addAll(submitInParallel(api, 600));
            assertThat(api.get("/api/v1/jobs?status=QUEUED,RUNNING&limit=1").json().get("items"))
                    .as("jobs still to run when the broker stops").isNotEmpty();

            assertThat(kafka.stop(Duration.ofSeconds(60))).as("the broker stopped").isTrue();
            Instant down = Instant.now();
            List<Integer> answers = new ArrayList<>();
            while (Duration.between(down, Instant.now()).compareTo(Duration.ofSeconds(15)) < 0) {
                Api.Response answer = api.post("/api/v1/jobs", "{\"type\":\"noop\"}");
                answers.add(answer.status());
                if (answer.status() == 202) {
                    accepted.add(answer.json().get("id").asString());
                }
            }
            assertThat(answers).as("submissions while the broker is down").isNotEmpty().containsOnly(503);
            assertThat(answers.size()).as("after the first, they fail at once").isGreaterThan(3);

            cluster.startKafka();
            await("a submission is accepted again").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> api.post("/api/v1/jobs", "{\"type\":\"noop\"}").status() == 202);
            accepted.addAll(submitInParallel(api, 400));

            await("every accepted job ended").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> accepted.stream().allMatch(id -> isFinal(api.statusOf(id))));
            assertThat(accepted).hasSizeGreaterThanOrEqualTo(1000);
        } catch (Throwable failure) {
            cluster.printTails();
            throw failure;
        }
    }

    private static boolean isFinal(String status) {
        return Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELED", "DEAD").contains(status);
    }

    private static List<String> submitInParallel(Api api, int count) throws InterruptedException {
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        try (var threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < count; i++) {
                threads.submit(() -> ids.add(api.submit("{\"type\":\"sleep\",\"params\":{\"duration\":\"PT2S\"}}")));
            }
        }
        assertThat(ids).hasSize(count);
        return ids;
    }

    private Set<String> succeeded(Api api) {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            var page = api.get("/api/v1/jobs?status=SUCCEEDED&limit=500" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.get("items").forEach(item -> ids.add(item.get("id").asString()));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asString() : null;
        } while (cursor != null);
        return ids;
    }

    private static JobRequest aSleep(String duration) {
        return new JobRequest(UUID.randomUUID().toString(), "sleep",
                ConveyorJson.mapper().readTree("{\"duration\":\"" + duration + "\"}"), "default", null, 1, Map.of(),
                "faults", Instant.now().truncatedTo(ChronoUnit.MICROS), null, null, null);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.brokers()));
    }

    private long endOffset(String topic) throws Exception {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<Integer, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            IntStream.range(0, partitions).forEach(p -> latest.put(new TopicPartition(topic, p), OffsetSpec.latest()));
            Map<Integer, Long> ends = new java.util.TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
            return ends;
        }
    }

    private Map<Integer, Long> committed(String topic) throws Exception {
        try (Admin admin = admin()) {
            Map<Integer, Long> offsets = new java.util.TreeMap<>();
            admin.listConsumerGroupOffsets(cluster.workerGroup()).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, offset) -> {
                        if (tp.topic().equals(topic) && offset != null) {
                            offsets.put(tp.partition(), offset.offset());
                        }
                    });
            endOffsets(topic).forEach((p, end) -> offsets.putIfAbsent(p, end == 0 ? 0L : -1L));
            return offsets;
        }
    }
}
