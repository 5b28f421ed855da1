package dev.conveyor.system;

import dev.conveyor.common.jobs.JobRequest;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One job at a time: submit, wait until this JVM reads its final snapshot, then the next; the
 * latency of each from just before its submit.
 */
final class Sequential {

    private static final long WAIT_SECONDS = 30;

    private Sequential() {
    }

    /** Jobs through both paths, not measured: the code paths compiled before the timed rounds. */
    static void warmUp(BenchContext context, JobFeed feed, int jobs) throws Exception {
        throughTopic(context, feed, jobs);
        throughApi(context, jobs, new SequentialHops());
    }

    static long[] throughTopic(BenchContext context, JobFeed feed, int jobs) throws Exception {
        long[] nanos = new long[jobs];
        for (int i = 0; i < jobs; i++) {
            JobRequest job = Bench.noop(context.options().recordBytes());
            var ended = context.results().whenEnded(job.id());
            long start = System.nanoTime();
            feed.send(job);
            nanos[i] = ended.get(WAIT_SECONDS, TimeUnit.SECONDS).seenNanos() - start;
        }
        return nanos;
    }

    /**
     * @param hops gets each job's time hop by hop; after a job is seen ended, the store is asked
     *     until it shows it too, before the next job is submitted
     */
    static long[] throughApi(BenchContext context, int jobs, SequentialHops hops) throws Exception {
        String body = Bench.noopBody(context.options().recordBytes());
        long[] nanos = new long[jobs];
        for (int i = 0; i < jobs; i++) {
            Instant wall = Instant.now();
            long start = System.nanoTime();
            String id = context.gateway().submit(body);
            long accepted = System.nanoTime();
            if (id == null) {
                throw new IllegalStateException("the gateway did not accept a job");
            }
            ResultsTracker.Ended end = context.results().whenEnded(id).get(WAIT_SECONDS, TimeUnit.SECONDS);
            nanos[i] = end.seenNanos() - start;
            hops.add(wall, start, accepted, end, storedNanos(context, id));
        }
        return nanos;
    }

    /** When the gateway's store first shows the job ended (asked as often as it answers, at most 5 s). */
    private static long storedNanos(BenchContext context, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if ("SUCCEEDED".equals(context.gateway().status(id))) {
                return System.nanoTime();
            }
        }
        return -1;
    }
}
