package dev.conveyor.system;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Measures one worker's engine on a real broker, every part a process of its own, and prints the
 * figures beside their baselines (written as JSON too, under {@code bench/results/}). Jobs are
 * written straight to the jobs topic, so the figures are the worker's, not the gateway's. Each
 * timed batch follows a warm-up batch on the same worker, so a JVM still compiling its code is
 * not what is measured. Run with {@code ./conveyor bench engine [--quick]}.
 */
final class EngineBenchmark {

    private static final Logger log = LoggerFactory.getLogger(EngineBenchmark.class);

    private final LocalCluster cluster;
    private final boolean quick;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    private EngineBenchmark(LocalCluster cluster, boolean quick) {
        this.cluster = cluster;
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path dir = Files.createTempDirectory("conveyor-bench");
        try (LocalCluster cluster = new LocalCluster(dir)) {
            // Ctrl-C must not leave the broker and workers behind: they were started with exec, not as our children.
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
            cluster.startKafka();
            EngineBenchmark bench = new EngineBenchmark(cluster, quick);
            if (List.of(args).contains("--metrics-overhead")) {
                bench.metricsOverhead();
            } else {
                bench.ioConcurrency();
                bench.footprint();
                bench.noopThroughput();
            }
            bench.report(LocalPorts.projectRoot());
        }
    }

    /** Many waiting jobs on one worker with many slots: how close to jobs × duration / slots. */
    private void ioConcurrency() throws Exception {
        int jobs = quick ? 2_000 : 10_000;
        int slots = quick ? 200 : 1_000;
        Duration sleep = Duration.ofMillis(100);
        Topics topics = declare("io");
        LocalCluster.Part worker = cluster.worker("bench-io", slots, "--conveyor.topics.prefix=" + topics.prefix(),
                "--conveyor.worker.group-id=" + topics.prefix() + "-workers");
        Run run = warmThenTime(topics, () -> aJob("sleep", "{\"duration\":\"" + sleep + "\"}"), jobs);
        worker.stop(Duration.ofSeconds(60));
        double ideal = jobs * sleep.toMillis() / 1000.0 / slots;
        double wall = run.wall().toMillis() / 1000.0;
        figures.put("ioConcurrency", Map.of("jobs", jobs, "slots", slots, "sleepMs", sleep.toMillis(),
                "wallSeconds", wall, "idealSeconds", ideal, "ratioToIdeal", wall / ideal,
                "notSucceeded", run.notSucceeded()));
        log.info("io-concurrency: {} sleep jobs of {} ms on {} slots took {} s (ideal {} s, {}x)", jobs,
                sleep.toMillis(), slots, round(wall), round(ideal), round(wall / ideal));
    }

    /** The worker's memory idle, then while a large backlog waits in its queue: it must not buffer it. */
    private void footprint() throws Exception {
        int backlog = quick ? 20_000 : 100_000;
        Topics topics = declare("rss");
        String[] sameWorker = {"--conveyor.topics.prefix=" + topics.prefix(),
                "--conveyor.worker.group-id=" + topics.prefix() + "-workers"};
        LocalCluster.Part idle = cluster.worker("bench-idle", 4, sameWorker);
        long idleRss = sampleRss(idle, Duration.ofSeconds(5)).stream().mapToLong(Long::longValue).max().orElse(0);
        idle.stop(Duration.ofSeconds(60));
        produce(topics, IntStream.range(0, backlog).mapToObj(i -> aJob("noop", null)).toList());
        LocalCluster.Part loaded = cluster.worker("bench-loaded", 4, sameWorker);
        List<Long> loadedRss = sampleRss(loaded, Duration.ofSeconds(quick ? 10 : 20));
        loaded.stop(Duration.ofSeconds(60));
        long max = loadedRss.stream().mapToLong(Long::longValue).max().orElse(0);
        figures.put("footprint", Map.of("backlog", backlog, "idleRssMiB", idleRss / 1024,
                "loadedMaxRssMiB", max / 1024, "loadedRssMiBSamples", loadedRss.stream().map(k -> k / 1024).toList()));
        log.info("footprint: worker RSS idle {} MiB; with {} jobs waiting, max {} MiB over {} samples", idleRss / 1024,
                backlog, max / 1024, loadedRss.size());
    }

    /** One worker's noop rate beside the rate a plain consumer reads the same records at. */
    private void noopThroughput() throws Exception {
        int jobs = quick ? 10_000 : 100_000;
        Topics topics = declare("noop");
        LocalCluster.Part worker = cluster.worker("bench-noop", 256, "--conveyor.topics.prefix=" + topics.prefix(),
                "--conveyor.worker.group-id=" + topics.prefix() + "-workers");
        Run run = warmThenTime(topics, () -> aJob("noop", null), jobs);
        worker.stop(Duration.ofSeconds(60));
        // The same topic, read whole by a plain consumer: warm-up and timed records alike.
        double rawPerSecond = rawConsumeRate(topics.jobs("default"), 2 * jobs);
        double perSecond = jobs / (run.wall().toMillis() / 1000.0);
        figures.put("noopThroughput", Map.of("jobs", jobs, "jobsPerSecond", perSecond,
                "rawConsumePerSecond", rawPerSecond, "ratioToRawConsume", perSecond / rawPerSecond,
                "notSucceeded", run.notSucceeded()));
        log.info("noop throughput: {} jobs/s on one worker; a plain consumer reads {} records/s ({}x)",
                round(perSecond), round(rawPerSecond), round(perSecond / rawPerSecond));
    }

    /**
     * One worker's noop rate with its meters on, beside the same with every meter off
     * ({@code management.metrics.enable.all=false}), taken in turns so that the machine's drift
     * falls on both alike.
     */
    private void metricsOverhead() throws Exception {
        int jobs = quick ? 10_000 : 50_000;
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            for (boolean metered : List.of(true, false)) {
                Topics topics = declare(metered ? "metered" : "unmetered");
                List<String> settings = new ArrayList<>(List.of("--conveyor.topics.prefix=" + topics.prefix(),
                        "--conveyor.worker.group-id=" + topics.prefix() + "-workers"));
                if (!metered) {
                    settings.add("--management.metrics.enable.all=false");
                }
                LocalCluster.Part worker = cluster.worker("bench-" + (metered ? "metered" : "unmetered") + round, 256,
                        settings.toArray(String[]::new));
                Run run = warmThenTime(topics, () -> aJob("noop", null), jobs);
                worker.stop(Duration.ofSeconds(60));
                rates.computeIfAbsent(metered ? "metricsOn" : "metricsOff", k -> new ArrayList<>())
                        .add(jobs / (run.wall().toMillis() / 1000.0));
            }
        }
        double on = rates.get("metricsOn").stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double off = rates.get("metricsOff").stream().mapToDouble(Double::doubleValue).average().orElse(0);
        figures.put("metricsOverhead", Map.of("jobs", jobs, "jobsPerSecondMetricsOn", rates.get("metricsOn"),
                "jobsPerSecondMetricsOff", rates.get("metricsOff"), "ratioOnToOff", on / off));
        log.info("metrics overhead: noop {} jobs/s with meters, {} jobs/s without ({}x)", round(on), round(off),
                round(on / off));
    }

    /** Runs a warm-up batch as large as the timed one, then times a second batch on the now warm worker. */
    private Run warmThenTime(Topics topics, java.util.function.Supplier<JobRequest> job, int jobs) {
        List<JobRequest> warmUp = IntStream.range(0, jobs).mapToObj(i -> job.get()).toList();
        produce(topics, warmUp);
        Run.await(cluster.brokers(), topics, ids(warmUp));
        List<JobRequest> timed = IntStream.range(0, jobs).mapToObj(i -> job.get()).toList();
        produce(topics, timed);
        return Run.await(cluster.brokers(), topics, ids(timed));
    }

    private static Set<String> ids(List<JobRequest> jobs) {
        return jobs.stream().map(JobRequest::id).collect(java.util.stream.Collectors.toSet());
    }

    private Topics declare(String scenario) throws Exception {
        Topics topics = new Topics("bench-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 6));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.brokers()))) {
            admin.createTopics(topics.declarations(List.of("default"), 6, (short) 1)).all().get();
        }
        return topics;
    }

    private void produce(Topics topics, List<JobRequest> jobs) {
        new TestKafka(cluster.brokers()).sendJson(topics.jobs("default"), JobRequest::id, jobs);
    }

    private double rawConsumeRate(String topic, int records) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.brokers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, 6).mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            int read = 0;
            while (read < records) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            return read / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** One RSS sample a second for {@code during}. */
    private static List<Long> sampleRss(LocalCluster.Part worker, Duration during) {
        List<Long> kib = new ArrayList<>();
        long samples = during.toSeconds();
        Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                .atMost(during.plusSeconds(10)).until(() -> {
                    kib.add(rssKib(worker.process().pid()));
                    return kib.size() >= samples;
                });
        return kib;
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private void report(Path root) throws IOException {
        ObjectNode json = ConveyorJson.mapper().valueToTree(figures);
        json.put("quick", quick);
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("java", Runtime.version().toString());
        json.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        Path out = root.resolve("bench/results/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss")) + "/engine.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, ConveyorJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        log.info("figures written to {}:\n{}", out, json.toPrettyString());
    }

    private static JobRequest aJob(String type, String params) {
        return new JobRequest(UUID.randomUUID().toString(), type,
                params == null ? null : ConveyorJson.mapper().readTree(params), "default", null, 1, Map.of(), "bench",
                Instant.now(), null, null, null);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Follows a results topic until every job ended, keeping the first start and the last end. */
    private record Run(Duration wall, int notSucceeded) {

        static Run await(String brokers, Topics topics, Set<String> watched) {
            int jobs = watched.size();
            Set<String> ended = new HashSet<>();
            int notSucceeded = 0;
            Instant firstStart = null;
            Instant lastEnd = null;
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    brokers), new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = IntStream.range(0, 6)
                        .mapToObj(p -> new TopicPartition(topics.jobResults(), p)).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (ended.size() < jobs && System.nanoTime() < deadline) {
                    for (var record : consumer.poll(Duration.ofMillis(200))) {
                        JobSnapshot s = JsonSerde.read(record.value(), JobSnapshot.class);
                        if (!watched.contains(s.id())) {
                            continue;
                        }
                        if (s.status() == JobStatus.RUNNING && (firstStart == null || s.startedAt().isBefore(firstStart))) {
                            firstStart = s.startedAt();
                        }
                        if (s.status().isFinal() && ended.add(s.id())) {
                            notSucceeded += s.status() == JobStatus.SUCCEEDED ? 0 : 1;
                            lastEnd = lastEnd == null || s.finishedAt().isAfter(lastEnd) ? s.finishedAt() : lastEnd;
                        }
                    }
                }
            }
            if (ended.size() < jobs || firstStart == null) {
                throw new IllegalStateException("only " + ended.size() + " of " + jobs + " jobs ended in 10 minutes");
            }
            return new Run(Duration.between(firstStart, lastEnd), notSucceeded);
        }
    }
}
