package dev.conveyor.system;

import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.RetryPolicy;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.common.types.JobTypes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Measures the gateway's REST API on a real broker, with one gateway and one worker, every part a
 * process of its own, and prints the figures beside baselines measured in the same run (written
 * as JSON too, under {@code bench/results/}): batch submits against a plain Kafka producer, and
 * single submits under 200 concurrent clients against one client alone. Every timed round follows
 * a warm-up round, and every scenario starts once the parts are quiet again (the worker has run
 * the jobs of the last one, the gateway's store has caught up). Answers other than 202 are counted
 * and reported, never dropped. Run with {@code ./conveyor bench api [--quick]}.
 */
final class ApiBenchmark {

    private static final Logger log = LoggerFactory.getLogger(ApiBenchmark.class);
    private static final String BATCH_PATH = "/api/v1/jobs:batch";
    private static final String SUBMIT_PATH = "/api/v1/jobs";
    private static final String NOOP = "{\"type\":\"noop\"}";
    /** Longer than the gateway's publish timeout (10 s), so that a slow answer is the gateway's, not ours. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final LocalCluster cluster;
    private final URI gateway;
    private final String token;
    private final HttpClient http;
    private final boolean quick;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final BenchLoad load;

    private ApiBenchmark(LocalCluster cluster, List<LocalCluster.Part> parts, LocalCluster.Part gateway, String token,
            HttpClient http, boolean quick) {
        this.cluster = cluster;
        this.load = new BenchLoad(parts);
        this.gateway = URI.create("http://localhost:" + gateway.port());
        this.token = token;
        this.http = http;
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path dir = Files.createTempDirectory("conveyor-bench-api");
        try (LocalCluster cluster = new LocalCluster(dir);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build()) {
            // Ctrl-C must not leave the broker, gateway and worker behind: they were started with exec, not as our children.
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
            LocalCluster.Part kafka = cluster.startKafka();
            LocalCluster.Part gateway = cluster.gateway();
            LocalCluster.Part worker = cluster.worker("bench-api", 256);
            ApiBenchmark bench = new ApiBenchmark(cluster, List.of(kafka, gateway, worker), gateway,
                    cluster.adminToken(), http, quick);
            bench.batchThroughput();
            bench.submitLatency();
            bench.load.write(LocalPorts.projectRoot(), "api", bench.figures, bench.quick);
        }
    }

    /** Batches of 1,000 jobs from a few clients: jobs accepted per second, beside a plain producer's records/s. */
    private void batchThroughput() throws Exception {
        int clients = 4;
        int perClient = quick ? 3 : 12;
        int jobsPerRequest = 1_000;
        String body = "{\"jobs\":[" + String.join(",", Collections.nCopies(jobsPerRequest, NOOP)) + "]}";
        load.awaitQuiet("start");
        Round warmUp = round(BATCH_PATH, body, clients, quick ? 1 : 2, ApiBenchmark::jobsIn);
        warmUp.logProblems("batch warm-up");
        load.awaitQuiet("batch warm-up");
        Round timed = round(BATCH_PATH, body, clients, perClient, ApiBenchmark::jobsIn);
        timed.logProblems("batch");
        load.awaitQuiet("timed batches");
        double perSecond = timed.jobsAccepted() / timed.seconds();

        int warmUpRecords = warmUp.requests() * jobsPerRequest;
        int records = timed.requests() * jobsPerRequest;
        RawProduce raw = rawProduce(warmUpRecords, records);
        load.awaitQuiet("plain producer");

        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("clients", clients);
        figure.put("jobsPerRequest", jobsPerRequest);
        figure.put("warmUpRequests", warmUp.requests());
        figure.put("timedRequests", timed.requests());
        figure.put("answered202", timed.accepted());
        figure.put("notAccepted", timed.notAccepted());
        figure.put("jobsAccepted", timed.jobsAccepted());
        figure.put("wallSeconds", timed.seconds());
        figure.put("jobsPerSecond", perSecond);
        figure.put("requestLatencyMs", timed.latencies());
        figure.put("otherProcessesCores", round(timed.otherCores()));
        figure.put("rawProducer", Map.of("records", records, "warmUpRecords", warmUpRecords,
                "recordBytes", raw.recordBytes(), "partitions", raw.partitions(),
                "settings", "acks=all, enable.idempotence=true, linger.ms=0 (the gateway's)",
                "wallSeconds", raw.seconds(), "recordsPerSecond", raw.perSecond(),
                "otherProcessesCores", round(raw.otherCores())));
        figure.put("ratioToRawProduce", perSecond / raw.perSecond());
        figures.put("batchThroughput", figure);
        log.info("batch throughput: {} jobs/s accepted ({} requests of {} jobs from {} clients in {} s, {} not 202 {}, "
                        + "other processes used {} cores meanwhile); a plain producer writes {} records/s of {} bytes ({}x)",
                round(perSecond), timed.requests(), jobsPerRequest, clients, round(timed.seconds()),
                timed.requests() - timed.accepted(), timed.notAccepted(), round(timed.otherCores()),
                round(raw.perSecond()), raw.recordBytes(), round(perSecond / raw.perSecond()));
    }

    /** Single submits from 200 concurrent clients, beside the same submit from one client alone. */
    private void submitLatency() throws Exception {
        int clients = 200;
        int perClient = quick ? 5 : 20;
        int single = quick ? 100 : 500;
        load.awaitQuiet("start of the latency scenario");
        round(SUBMIT_PATH, NOOP, 1, quick ? 50 : 200, response -> 1).logProblems("single-client warm-up");
        Round alone = round(SUBMIT_PATH, NOOP, 1, single, response -> 1);
        alone.logProblems("single client");
        load.awaitQuiet("single client");
        // Right after its warm-up, so that the timed round reuses the warm-up's connections.
        round(SUBMIT_PATH, NOOP, clients, quick ? 1 : 2, response -> 1).logProblems("loaded warm-up");
        Round loaded = round(SUBMIT_PATH, NOOP, clients, perClient, response -> 1);
        loaded.logProblems("loaded");
        load.awaitQuiet("loaded");

        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("singleClient", Map.of("requests", alone.requests(), "answered202", alone.accepted(),
                "notAccepted", alone.notAccepted(), "latencyMs", alone.latencies(),
                "acceptedPerSecond", alone.accepted() / alone.seconds(),
                "otherProcessesCores", round(alone.otherCores())));
        figure.put("loaded", Map.of("clients", clients, "requestsPerClient", perClient, "requests", loaded.requests(),
                "answered202", loaded.accepted(), "notAccepted", loaded.notAccepted(), "latencyMs", loaded.latencies(),
                "acceptedPerSecond", loaded.accepted() / loaded.seconds(), "wallSeconds", loaded.seconds(),
                "otherProcessesCores", round(loaded.otherCores())));
        double ratio = loaded.percentileMs(99) / alone.percentileMs(99);
        figure.put("p99RatioToSingleClient", ratio);
        figures.put("submitLatency", figure);
        log.info("single submit, 1 client: {} requests, p50 {} ms, p95 {} ms, p99 {} ms, max {} ms, {} accepted/s, "
                        + "{} not 202 {}, other processes used {} cores meanwhile", alone.requests(),
                alone.percentileMs(50), alone.percentileMs(95), alone.percentileMs(99), alone.percentileMs(100),
                round(alone.accepted() / alone.seconds()), alone.requests() - alone.accepted(), alone.notAccepted(),
                round(alone.otherCores()));
        log.info("single submit, {} clients: {} requests, p50 {} ms, p95 {} ms, p99 {} ms, max {} ms, {} accepted/s, "
                        + "{} not 202 {}, other processes used {} cores meanwhile; p99 {}x the single client's", clients,
                loaded.requests(), loaded.percentileMs(50), loaded.percentileMs(95), loaded.percentileMs(99),
                loaded.percentileMs(100), round(loaded.accepted() / loaded.seconds()),
                loaded.requests() - loaded.accepted(), loaded.notAccepted(), round(loaded.otherCores()), round(ratio));
    }

    /**
     * Sends the same POST from {@code clients} virtual threads at once, each sending its next as
     * soon as its last is answered, {@code perClient} times.
     *
     * @param jobsIn how many jobs a 202 answer's body holds
     */
    private Round round(String path, String body, int clients, int perClient, ToIntFunction<String> jobsIn)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        List<Future<List<Answer>>> sent = new ArrayList<>(clients);
        BenchLoad.CpuTimes before = load.cpuTimes();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                sent.add(threads.submit(() -> {
                    List<Answer> answers = new ArrayList<>(perClient);
                    for (int i = 0; i < perClient; i++) {
                        answers.add(send(request, jobsIn));
                    }
                    return answers;
                }));
            }
        }
        long wall = System.nanoTime() - start;
        BenchLoad.CpuTimes during = load.cpuTimes().minus(before);
        List<Answer> answers = new ArrayList<>(clients * perClient);
        for (Future<List<Answer>> client : sent) {
            answers.addAll(client.get());
        }
        return new Round(answers, wall, during.others().toNanos() / (double) wall);
    }

    /** One request, timed until its whole answer is read; an answer's body is only parsed after. */
    private Answer send(HttpRequest request, ToIntFunction<String> jobsIn) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            return response.statusCode() == 202
                    ? new Answer(202, nanos, jobsIn.applyAsInt(response.body()), null)
                    : new Answer(response.statusCode(), nanos, 0, response.body());
        } catch (IOException e) {
            return new Answer(Answer.NO_ANSWER, System.nanoTime() - start, 0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Answer.NO_ANSWER, System.nanoTime() - start, 0, e.toString());
        }
    }

    private static int jobsIn(String batchAnswer) {
        JsonNode jobs = ConveyorJson.mapper().readTree(batchAnswer).get("jobs");
        return jobs == null ? 0 : jobs.size();
    }

    /**
     * A plain producer with the gateway's settings writes the jobs the gateway would write, to a
     * scratch topic with as many partitions as the jobs topic; the warm-up records first, then the
     * timed ones, each time waiting for every acknowledgement.
     */
    private RawProduce rawProduce(int warmUpRecords, int records) throws Exception {
        String jobsTopic = new Topics(cluster.prefix()).jobs("default");
        String scratch = cluster.prefix() + ".bench-raw-produce";
        int partitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.brokers()))) {
            partitions = admin.describeTopics(List.of(jobsTopic)).allTopicNames().get().get(jobsTopic).partitions().size();
            admin.createTopics(List.of(new NewTopic(scratch, partitions, (short) 1))).all().get();
        }
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.brokers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0);
        try (var producer = new KafkaProducer<String, Object>(settings, new StringSerializer(),
                new JsonSerde.JsonSerializer())) {
            produceAcknowledged(producer, scratch, warmUpRecords);
            BenchLoad.CpuTimes before = load.cpuTimes();
            long start = System.nanoTime();
            produceAcknowledged(producer, scratch, records);
            long wall = System.nanoTime() - start;
            double otherCores = load.cpuTimes().minus(before).others().toNanos() / (double) wall;
            return new RawProduce(records / (wall / 1e9), wall / 1e9, JsonSerde.write(aJob()).length, partitions,
                    otherCores);
        }
    }

    private static void produceAcknowledged(KafkaProducer<String, Object> producer, String topic, int records)
            throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            JobRequest job = aJob();
            acks.add(producer.send(new ProducerRecord<>(topic, job.id(), job)));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(); // throws unless Kafka acknowledged it
        }
    }

    /** A {@code noop} job as the gateway makes it from {@code {"type":"noop"}} for the admin token. */
    private static JobRequest aJob() {
        return new JobRequest(UUID.randomUUID().toString(), "noop",
                ConveyorJson.mapper().valueToTree(JobTypes.parse("noop", null)), "default", null, 1, Map.of(), "admin",
                Instant.now().truncatedTo(ChronoUnit.MICROS), RetryPolicy.NONE, null, JobOrigin.DIRECT);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private record RawProduce(double perSecond, double seconds, int recordBytes, int partitions, double otherCores) {
    }

    /**
     * One request's outcome.
     *
     * @param status the HTTP status, or {@link #NO_ANSWER}
     * @param jobs how many jobs a 202 accepted
     * @param problem the body of an answer other than 202, or why there was none
     */
    private record Answer(int status, long nanos, int jobs, String problem) {

        static final int NO_ANSWER = -1;
    }

    /**
     * The answers of one round and how long the round took, from its first request to its last answer.
     *
     * @param otherCores how many cores other processes of the machine used meanwhile, on average
     */
    private record Round(List<Answer> answers, long wallNanos, double otherCores) {

        int requests() {
            return answers.size();
        }

        double seconds() {
            return wallNanos / 1e9;
        }

        int accepted() {
            return (int) answers.stream().filter(a -> a.status() == 202).count();
        }

        long jobsAccepted() {
            return answers.stream().mapToLong(Answer::jobs).sum();
        }

        /** How many answers of each status other than 202 ({@code -1}: no answer at all). */
        Map<Integer, Long> notAccepted() {
            return answers.stream().filter(a -> a.status() != 202)
                    .collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
        }

        /** The nearest-rank percentile of every request's latency, whatever its answer; 100 is the max. */
        double percentileMs(double percentile) {
            long[] sorted = answers.stream().mapToLong(Answer::nanos).sorted().toArray();
            int rank = (int) Math.ceil(percentile / 100 * sorted.length);
            return round(sorted[Math.max(0, rank - 1)] / 1e6);
        }

        Map<String, Double> latencies() {
            Map<String, Double> ms = new LinkedHashMap<>();
            ms.put("p50", percentileMs(50));
            ms.put("p95", percentileMs(95));
            ms.put("p99", percentileMs(99));
            ms.put("max", percentileMs(100));
            return ms;
        }

        /** Logs one example of each status other than 202. */
        void logProblems(String round) {
            answers.stream().filter(a -> a.status() != 202)
                    .collect(Collectors.toMap(Answer::status, Answer::problem, (first, later) -> first, TreeMap::new))
                    .forEach((status, problem) -> log.warn("{}: {} answers {}, e.g. {}", round,
                            notAccepted().get(status), status, problem == null ? ""
                                    : problem.substring(0, Math.min(500, problem.length()))));
        }
    }
}
