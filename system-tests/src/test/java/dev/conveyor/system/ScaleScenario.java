package dev.conveyor.system;

import static org.awaitility.Awaitility.await;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * 1, 2, 4 workers (separate JVMs, 50 slots each) on a jobs topic of 12 partitions, so that each
 * gets an equal share, running {@code sleep} jobs of 100 ms written straight to the topic: each
 * level gets as many jobs as its workers would finish in {@code --scale-seconds} ideally, after a
 * warm-up of one second's worth. Workers are added between levels, and a level starts once the
 * group has given every worker its partitions. Throughput (jobs ÷ the time from the first start to
 * the last end, as the workers stamped them) is compared with 1 worker's times the worker count,
 * beside how many of the machine's cores were busy meanwhile: scaling out needs cores to scale onto.
 */
final class ScaleScenario implements Scenario {

    private static final int PARTITIONS = 12;
    private static final int SLOTS = 50;
    private static final Duration SLEEP = Duration.ofMillis(100);
    private static final Duration WITHIN = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public boolean needsOwnCluster() {
        return true;
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        Topics topics = context.declareTopics("scale", PARTITIONS);
        String group = topics.prefix() + "-workers";
        String[] settings = {"--conveyor.topics.prefix=" + topics.prefix(), "--conveyor.worker.group-id=" + group,
                "--conveyor.topics.partitions=" + PARTITIONS};
        List<LocalCluster.Part> workers = new ArrayList<>();
        ScenarioResult result = new ScenarioResult(name()).put("partitions", PARTITIONS).put("slotsPerWorker", SLOTS)
                .put("sleepMs", SLEEP.toMillis());
        Map<String, Object> levels = new LinkedHashMap<>();
        double[][] measured = {new double[context.options().workers().size()], new double[context.options().workers().size()]};
        double[][] linear = {new double[measured[0].length], new double[measured[0].length]};
        Double one = null;
        try (ResultsTracker results = new ResultsTracker(context.brokers(), topics.jobResults());
                JobFeed feed = new JobFeed(context.brokers(), topics.jobs("default"))) {
            for (int l = 0; l < context.options().workers().size(); l++) {
                int count = context.options().workers().get(l);
                List<String> ids = IntStream.range(workers.size(), count).mapToObj(i -> "bench-scale-" + i).toList();
                workers.addAll(context.cluster().workers(ids, SLOTS, settings));
                awaitAssigned(context, group, topics.jobs("default"), count);
                int perSecond = count * SLOTS * (int) (1_000 / SLEEP.toMillis());
                batch(feed, results, perSecond);
                context.load().awaitQuiet("scale warm-up, " + count + " workers");
                BenchLoad.CpuTimes before = context.load().cpuTimes();
                long started = System.nanoTime();
                List<String> timed = batch(feed, results, perSecond * context.options().scaleSeconds());
                // How busy the machine's cores were: whether the workers had cores left to scale onto.
                double busyCores = context.load().cpuTimes().minus(before).machine().toNanos()
                        / (double) (System.nanoTime() - started);
                double throughput = timed.size() / (results.workerWall(timed).toNanos() / 1e9);
                one = one == null ? throughput / count : one;
                measured[0][l] = count;
                measured[1][l] = throughput;
                linear[0][l] = count;
                linear[1][l] = one * count;
                levels.put(count + " workers", Map.of("jobs", timed.size(), "jobsPerSecond", Bench.round(throughput),
                        "idealJobsPerSecond", perSecond, "ratioToLinear", Bench.round(throughput / (one * count)),
                        "notSucceeded", results.notSucceeded(timed), "machineCoresBusy", Bench.round(busyCores),
                        "machineCores", Runtime.getRuntime().availableProcessors()));
                result.row(count + (count == 1 ? " worker" : " workers") + ", sleep 100 ms",
                        Bench.count(throughput) + " jobs/s", Bench.count(one * count) + " jobs/s linear ("
                                + Bench.count(perSecond) + " ideal)",
                        Bench.decimal(throughput / (one * count)) + "× linear (" + Bench.decimal(busyCores) + " of "
                                + Runtime.getRuntime().availableProcessors() + " cores busy)", "within 10 % of linear");
                context.load().awaitQuiet("scale, " + count + " workers");
            }
        } finally {
            stop(workers);
        }
        result.put("levels", levels);
        result.charts().put("scale", Charts.lines("sleep jobs/s by worker count (50 slots each)", "workers",
                "jobs/s", Map.of("measured", measured, "linear (1 worker × n)", linear), false));
        return result;
    }

    private static List<String> batch(JobFeed feed, ResultsTracker results, int jobs) {
        List<JobRequest> requests = IntStream.range(0, jobs).mapToObj(i -> Bench.sleep(SLEEP)).toList();
        feed.sendAll(requests);
        List<String> ids = requests.stream().map(JobRequest::id).toList();
        results.awaitEnded(ids, WITHIN);
        return ids;
    }

    /** Waits until the group has {@code workers} members and every partition of the topic is assigned. */
    private static void awaitAssigned(BenchContext context, String group, String topic, int workers) {
        try (var admin = context.admin()) {
            await("the group assigned " + topic + " to " + workers + " workers").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                        var members = admin.describeConsumerGroups(List.of(group)).all().get().get(group).members();
                        long assigned = members.stream().flatMap(m -> m.assignment().topicPartitions().stream())
                                .filter(tp -> tp.topic().equals(topic)).count();
                        return members.size() == workers && assigned == PARTITIONS;
                    });
        }
    }

    private static void stop(List<LocalCluster.Part> workers) throws InterruptedException {
        workers.forEach(w -> w.process().destroy());
        for (LocalCluster.Part worker : workers) {
            worker.process().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
