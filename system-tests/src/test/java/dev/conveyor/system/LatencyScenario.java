package dev.conveyor.system;

import dev.conveyor.common.jobs.JobRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Submit → {@code SUCCEEDED} of {@code noop} jobs on one worker: at fixed arrival rates
 * ({@link OpenLoop}), straight to the jobs topic and through the gateway's REST API
 * ({@code POST /api/v1/jobs}, at most 256 requests in flight), and sequentially (one job at a time:
 * submit, wait for it to succeed, the next). A job has succeeded when this JVM reads its final
 * snapshot from the results topic ({@link ResultsTracker}).
 */
final class LatencyScenario implements Scenario {

    private static final int API_CONNECTIONS = 256;
    private static final double GOAL_SEQUENTIAL_P99_MS = 5;
    private static final double GOAL_P99_AT_1000_MS = 50;

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        BenchOptions options = context.options();
        ScenarioResult result = new ScenarioResult(name()).put("rateSeconds", options.rateDuration().toSeconds());
        try (JobFeed feed = new JobFeed(context.brokers(), context.jobsTopic())) {
            Sequential.warmUp(context, feed, Math.max(20, options.sequential() / 5));
            sequential(result, "jobs topic", Sequential.throughTopic(context, feed, options.sequential()));
            context.load().awaitQuiet("sequential, jobs topic");
            SequentialHops hops = new SequentialHops();
            sequential(result, "REST API", Sequential.throughApi(context, options.sequential(), hops));
            Map<String, Map<String, Double>> byHop = hops.percentilesMs();
            result.put("sequential REST API hops", byHop);
            byHop.forEach((hop, ms) -> result.row("sequential, REST API: " + hop, summary(ms), "", "", ""));
            Map<String, double[][]> series = new LinkedHashMap<>();
            rates(context, result, series, "jobs topic", options.rates(), rate -> topicLevel(context, feed, rate));
            rates(context, result, series, "REST API", options.apiRates(), rate -> apiLevel(context, rate));
            result.charts().put("latency-vs-rate", Charts.lines("noop submit to SUCCEEDED at a fixed arrival rate",
                    "arrival rate, jobs/s (log)", "latency, ms (log)", series, true));
        }
        return result;
    }

    private static void sequential(ScenarioResult result, String path, long[] nanos) {
        Map<String, Double> ms = Bench.percentilesMs(nanos);
        result.put("sequential " + path, Map.of("jobs", nanos.length, "latencyMs", ms));
        result.row("sequential, " + path, summary(ms), "one job at a time", "",
                "p99 <= " + (int) GOAL_SEQUENTIAL_P99_MS + " ms");
    }

    private interface Level {
        Round at(int rate) throws Exception;
    }

    private static void rates(BenchContext context, ScenarioResult result, Map<String, double[][]> series,
            String path, List<Integer> rates, Level level) throws Exception {
        double[][] p50 = {new double[rates.size()], new double[rates.size()]};
        double[][] p95 = {new double[rates.size()], new double[rates.size()]};
        double[][] p99 = {new double[rates.size()], new double[rates.size()]};
        Map<String, Object> figures = new LinkedHashMap<>();
        for (int r = 0; r < rates.size(); r++) {
            int rate = rates.get(r);
            context.load().awaitQuiet("before " + rate + " jobs/s, " + path);
            Round round = level.at(rate);
            Map<String, Double> ms = Bench.percentilesMs(round.latencies());
            for (double[][] line : List.of(p50, p95, p99)) {
                line[0][r] = rate;
            }
            p50[1][r] = ms.get("p50");
            p95[1][r] = ms.get("p95");
            p99[1][r] = ms.get("p99");
            figures.put(rate + "/s", Map.of("sent", round.sent(), "succeeded", round.latencies().length,
                    "notSucceededInTime", round.sent() - round.latencies().length, "latencyMs", ms,
                    "sentPerSecond", Bench.round(round.sentPerSecond())));
            result.row(rate + " jobs/s for " + context.options().rateDuration().toSeconds() + " s, " + path,
                    summary(ms), "sent " + Bench.count(round.sentPerSecond()) + "/s",
                    round.latencies().length == round.sent() ? "all succeeded"
                            : Bench.count(round.sent() - round.latencies().length) + " not in time",
                    rate == 1_000 ? "p99 < " + (int) GOAL_P99_AT_1000_MS + " ms" : "");
        }
        result.put("rates " + path, figures);
        series.put(path + " p50", p50);
        series.put(path + " p95", p95);
        series.put(path + " p99", p99);
    }

    private static Round topicLevel(BenchContext context, JobFeed feed, int rate) throws Exception {
        int count = (int) (rate * context.options().rateDuration().toSeconds());
        List<JobRequest> jobs = IntStream.range(0, count).mapToObj(i -> Bench.noop(context.options().recordBytes()))
                .toList();
        long start = System.nanoTime();
        long[] due = OpenLoop.run(rate, context.options().rateDuration(), (i, at) -> feed.send(jobs.get(i)));
        double sentPerSecond = due.length / ((System.nanoTime() - start) / 1e9);
        return Round.of(context, jobs.stream().map(JobRequest::id).toList(), due, sentPerSecond);
    }

    private static Round apiLevel(BenchContext context, int rate) throws Exception {
        String body = Bench.noopBody(context.options().recordBytes());
        int count = (int) (rate * context.options().rateDuration().toSeconds());
        String[] ids = new String[count];
        Semaphore connections = new Semaphore(API_CONNECTIONS);
        long[] due;
        long start = System.nanoTime();
        double sentPerSecond;
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            due = OpenLoop.run(rate, context.options().rateDuration(), (i, at) -> requests.submit(() -> {
                connections.acquire();
                try {
                    ids[i] = context.gateway().submit(body);
                } finally {
                    connections.release();
                }
                return null;
            }));
            sentPerSecond = due.length / ((System.nanoTime() - start) / 1e9);
            requests.shutdown();
            requests.awaitTermination(drain(context).toSeconds(), TimeUnit.SECONDS);
        }
        return Round.of(context, java.util.Arrays.asList(ids), due, sentPerSecond);
    }

    /** How long after the last send a level waits for its last jobs: as long as the level, at least 10 s. */
    private static Duration drain(BenchContext context) {
        Duration level = context.options().rateDuration();
        return level.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : level;
    }

    private static String summary(Map<String, Double> ms) {
        return "p50 " + ms.get("p50") + " / p95 " + ms.get("p95") + " / p99 " + ms.get("p99") + " / max "
                + ms.get("max") + " ms";
    }

    /**
     * One level's latencies: for each job that succeeded in time, from its due time to this JVM
     * reading its final snapshot.
     */
    private record Round(int sent, long[] latencies, double sentPerSecond) {

        static Round of(BenchContext context, List<String> ids, long[] due, double sentPerSecond) {
            List<String> accepted = ids.stream().filter(java.util.Objects::nonNull).toList();
            try {
                context.results().awaitEnded(accepted, drain(context));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // what did not end in time is counted, not measured
            }
            List<Long> nanos = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                ResultsTracker.Ended end = ids.get(i) == null ? null : context.results().ended(ids.get(i));
                if (end != null && end.status() == dev.conveyor.common.jobs.JobStatus.SUCCEEDED) {
                    nanos.add(end.seenNanos() - due[i]);
                }
            }
            return new Round(ids.size(), nanos.stream().mapToLong(Long::longValue).toArray(), sentPerSecond);
        }
    }
}
