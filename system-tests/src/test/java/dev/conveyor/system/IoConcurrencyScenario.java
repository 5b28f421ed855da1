package dev.conveyor.system;

import dev.conveyor.common.jobs.JobRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Many waiting jobs on one worker with many slots: {@code sleep} jobs of 100 ms written straight
 * to the jobs topic of the suite's worker (1,000 slots), after a warm-up of a fifth as many. Its
 * figure is the wall time from the first job's start to the last one's end as the worker stamped
 * them, against the ideal: jobs × 100 ms ÷ slots.
 */
final class IoConcurrencyScenario implements Scenario {

    private static final Duration SLEEP = Duration.ofMillis(100);
    private static final Duration WITHIN = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "io-concurrency";
    }

    @Override
    public boolean needsOwnCluster() {
        return true;
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        int jobs = context.options().ioJobs();
        int slots = BenchContext.WORKER_SLOTS;
        try (JobFeed feed = new JobFeed(context.brokers(), context.jobsTopic())) {
            batch(context, feed, Math.max(200, jobs / 5));
            context.load().awaitQuiet("io-concurrency warm-up");
            long start = System.nanoTime();
            List<String> ids = batch(context, feed, jobs);
            double endToEnd = (context.results().lastSeenNanos(ids) - start) / 1e9;
            double wall = context.results().workerWall(ids).toNanos() / 1e9;
            double ideal = jobs * SLEEP.toNanos() / 1e9 / slots;
            return new ScenarioResult(name()).put("jobs", jobs).put("slots", slots).put("sleepMs", SLEEP.toMillis())
                    .put("wallSeconds", wall).put("endToEndSeconds", endToEnd).put("idealSeconds", ideal)
                    .put("ratioToIdeal", wall / ideal).put("notSucceeded", context.results().notSucceeded(ids))
                    .row(Bench.count(jobs) + " sleep jobs of 100 ms, " + slots + " slots", Bench.decimal(wall) + " s",
                            Bench.decimal(ideal) + " s ideal", Bench.decimal(wall / ideal) + "× ideal",
                            "<= 2× ideal");
        }
    }

    /** Writes the jobs, waits until all ended; their ids. */
    private static List<String> batch(BenchContext context, JobFeed feed, int jobs) {
        List<JobRequest> requests = IntStream.range(0, jobs).mapToObj(i -> Bench.sleep(SLEEP)).toList();
        feed.sendAll(requests);
        List<String> ids = requests.stream().map(JobRequest::id).toList();
        context.results().awaitEnded(ids, WITHIN);
        return ids;
    }
}
