package dev.conveyor.system;

import dev.conveyor.common.jobs.JobRequest;
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
        throughApi(context, jobs);
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

    static long[] throughApi(BenchContext context, int jobs) throws Exception {
        String body = Bench.noopBody(context.options().recordBytes());
        long[] nanos = new long[jobs];
        for (int i = 0; i < jobs; i++) {
            long start = System.nanoTime();
            String id = context.gateway().submit(body);
            if (id == null) {
                throw new IllegalStateException("the gateway did not accept a job");
            }
            nanos[i] = context.results().whenEnded(id).get(WAIT_SECONDS, TimeUnit.SECONDS).seenNanos() - start;
        }
        return nanos;
    }
}
