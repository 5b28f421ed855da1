package dev.conveyor.system;

import static org.awaitility.Awaitility.await;

import dev.conveyor.common.jobs.JobRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code noop} jobs end to end on one gateway and one worker: submitted through the batch API (4
 * clients, 1,000 jobs a request), and separately written straight to the jobs topic; jobs/s from
 * the first submit until the gateway's store shows the last one {@code SUCCEEDED}, as a ratio to
 * the baseline's plain producer. A warm-up of a tenth as many jobs through the API comes first.
 */
final class ThroughputScenario implements Scenario {

    private static final Logger log = LoggerFactory.getLogger(ThroughputScenario.class);
    static final int BATCH = 1_000;
    static final int CLIENTS = 4;
    private static final Duration WITHIN = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        int jobs = context.options().jobs();
        Pass warmUp = throughApi(context, Math.max(1_000, jobs / 10));
        log.info("throughput warm-up: {} jobs through the batch API at {} jobs/s", warmUp.jobs(),
                Bench.round(warmUp.perSecond()));
        context.load().awaitQuiet("throughput warm-up");
        Pass api = throughApi(context, jobs);
        context.load().awaitQuiet("batch API");
        Pass topic = straightToTopic(context, jobs);

        Double producer = context.figure("baseline", "producerRecordsPerSecond");
        Double tuned = context.figure("baseline", "tunedProducerRecordsPerSecond");
        Double consumer = context.figure("baseline", "consumerRecordsPerSecond");
        ScenarioResult result = new ScenarioResult(name()).put("jobs", jobs).put("batchApi", api.figures())
                .put("jobsTopic", topic.figures()).put("warmUp", warmUp.figures());
        for (Pass pass : List.of(api, topic)) {
            String ratio = producer == null ? "" : Bench.percent(pass.perSecond() / producer) + " of producer";
            result.row("noop end to end, " + pass.path(), Bench.count(pass.perSecond()) + " jobs/s",
                    producer == null ? "" : Bench.count(producer) + " records/s (raw producer)", ratio,
                    ">= 25 % of producer");
        }
        if (tuned != null) {
            result.put("ratioToTunedProducer", Map.of("batchApi", api.perSecond() / tuned,
                    "jobsTopic", topic.perSecond() / tuned));
            result.row("noop end to end, batch API", Bench.count(api.perSecond()) + " jobs/s",
                    Bench.count(tuned) + " records/s (tuned raw producer)",
                    Bench.percent(api.perSecond() / tuned) + " of tuned producer", ">= 7.5 % of tuned producer");
        }
        if (producer != null) {
            result.put("ratioToProducer", Map.of("batchApi", api.perSecond() / producer,
                    "jobsTopic", topic.perSecond() / producer));
            result.charts().put("throughput-vs-baseline", Charts.bars("noop throughput against the raw Kafka baseline",
                    "per second", List.of("raw producer", "raw consumer", "batch API", "jobs topic"),
                    Map.of("records or jobs/s", List.of(producer, consumer == null ? 0 : consumer, api.perSecond(),
                            topic.perSecond())), false));
        }
        return result;
    }

    /** Submits {@code jobs} noop jobs through the batch API and waits until the store shows them all ended. */
    static Pass throughApi(BenchContext context, int jobs) throws Exception {
        String body = "{\"jobs\":[" + String.join(",", Collections.nCopies(BATCH,
                Bench.noopBody(context.options().recordBytes()))) + "]}";
        int requests = (jobs + BATCH - 1) / BATCH;
        long start = System.nanoTime();
        List<String> ids = submitBatches(context.gateway(), body, requests);
        long accepted = System.nanoTime();
        return finish(context, "batch API", ids, start, accepted);
    }

    /** Sends {@code requests} batches from {@link #CLIENTS} clients, each sending its next when its last is answered. */
    static List<String> submitBatches(GatewayClient gateway, String body, int requests) throws Exception {
        List<Future<List<String>>> sent = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                int mine = requests / CLIENTS + (c < requests % CLIENTS ? 1 : 0);
                sent.add(clients.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < mine; i++) {
                        ids.addAll(gateway.submitBatch(body));
                    }
                    return ids;
                }));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<List<String>> client : sent) {
            ids.addAll(client.get());
        }
        return ids;
    }

    private static Pass straightToTopic(BenchContext context, int jobs) throws Exception {
        List<JobRequest> requests = IntStream.range(0, jobs).mapToObj(i -> Bench.noop(context.options().recordBytes()))
                .toList();
        try (JobFeed feed = new JobFeed(context.brokers(), context.jobsTopic())) {
            long start = System.nanoTime();
            feed.sendAll(requests);
            long accepted = System.nanoTime();
            return finish(context, "jobs topic", requests.stream().map(JobRequest::id).toList(), start, accepted);
        }
    }

    /** Waits for the jobs' final snapshots, then until the gateway's store shows the last of each partition's. */
    private static Pass finish(BenchContext context, String path, List<String> ids, long start, long accepted)
            throws Exception {
        context.results().awaitEnded(ids, WITHIN);
        long onTopic = context.results().lastSeenNanos(ids);
        Collection<String> last = context.results().lastPerPartition(ids);
        List<String> pending = new ArrayList<>(last);
        await("the store shows the last jobs ended").atMost(WITHIN).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    pending.removeIf(id -> {
                        try {
                            String status = context.gateway().status(id);
                            return status != null && !status.equals("QUEUED") && !status.equals("RUNNING");
                        } catch (Exception e) {
                            return false;
                        }
                    });
                    return pending.isEmpty();
                });
        long inStore = System.nanoTime();
        return new Pass(path, ids.size(), (accepted - start) / 1e9, (onTopic - start) / 1e9, (inStore - start) / 1e9,
                context.results().notSucceeded(ids));
    }

    /**
     * One pass of jobs; every time from its first submit.
     *
     * @param acceptedSeconds until the last submit was answered (or acknowledged by Kafka)
     * @param resultsSeconds until this JVM read the last final snapshot from the results topic
     * @param storeSeconds until the gateway's store showed the last job ended
     */
    record Pass(String path, int jobs, double acceptedSeconds, double resultsSeconds, double storeSeconds,
            long notSucceeded) {

        double perSecond() {
            return jobs / storeSeconds;
        }

        Map<String, Object> figures() {
            return Map.of("jobs", jobs, "acceptedSeconds", Bench.round(acceptedSeconds), "resultsTopicSeconds",
                    Bench.round(resultsSeconds), "storeSeconds", Bench.round(storeSeconds), "jobsPerSecond",
                    Bench.round(perSecond()), "notSucceeded", notSucceeded);
        }
    }
}
