package dev.conveyor.system;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One worker's {@code noop} rate with its meters on, beside the same with every meter off
 * ({@code management.metrics.enable.all=false}): a worker of each kind in turns, twice, so that
 * the machine's drift falls on both alike; each on topics of its own, jobs written straight to
 * them, a warm-up batch as large as the timed one first. Run only when named.
 */
final class MetricsOverheadScenario implements Scenario {

    private static final int SLOTS = 256;
    private static final Duration WITHIN = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "metrics-overhead";
    }

    @Override
    public boolean needsOwnCluster() {
        return true;
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        int jobs = context.options().quick() ? 10_000 : 50_000;
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            for (boolean metered : List.of(true, false)) {
                String kind = metered ? "metered" : "unmetered";
                Topics topics = context.declareTopics(kind, context.partitions());
                List<String> settings = new ArrayList<>(List.of("--conveyor.topics.prefix=" + topics.prefix(),
                        "--conveyor.worker.group-id=" + topics.prefix() + "-workers"));
                if (!metered) {
                    settings.add("--management.metrics.enable.all=false");
                }
                LocalCluster.Part worker = context.cluster().worker("bench-" + kind + round, SLOTS,
                        settings.toArray(String[]::new));
                try (ResultsTracker results = new ResultsTracker(context.brokers(), topics.jobResults());
                        JobFeed feed = new JobFeed(context.brokers(), topics.jobs("default"))) {
                    batch(feed, results, jobs);
                    List<String> timed = batch(feed, results, jobs);
                    rates.computeIfAbsent(metered ? "metricsOn" : "metricsOff", k -> new ArrayList<>())
                            .add(Bench.round(jobs / (results.workerWall(timed).toNanos() / 1e9)));
                } finally {
                    worker.stop(Duration.ofSeconds(60));
                }
            }
        }
        double on = rates.get("metricsOn").stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double off = rates.get("metricsOff").stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return new ScenarioResult(name()).put("jobs", jobs).put("slots", SLOTS)
                .put("jobsPerSecondMetricsOn", rates.get("metricsOn"))
                .put("jobsPerSecondMetricsOff", rates.get("metricsOff")).put("ratioOnToOff", on / off)
                .row("noop on one worker, meters on", Bench.count(on) + " jobs/s",
                        Bench.count(off) + " jobs/s meters off", Bench.decimal(on / off) + "×", "");
    }

    private static List<String> batch(JobFeed feed, ResultsTracker results, int jobs) {
        List<JobRequest> requests = IntStream.range(0, jobs).mapToObj(i -> Bench.noop(0)).toList();
        feed.sendAll(requests);
        List<String> ids = requests.stream().map(JobRequest::id).toList();
        results.awaitEnded(ids, WITHIN);
        return ids;
    }
}
