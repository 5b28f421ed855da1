package dev.conveyor.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of one sequential job through the REST API goes, hop by hop, so that a tail is
 * explained rather than guessed: accepted (the {@code 202} is back), started (the worker's
 * {@code startedAt}), ended (its {@code finishedAt}), seen (this JVM read the final snapshot),
 * stored (the gateway's store shows it ended). Worker stamps are wall-clock times of the same
 * machine, turned into this JVM's {@link System#nanoTime()} through one offset taken per job.
 */
final class SequentialHops {

    private static final List<String> HOPS = List.of("submit to accepted", "accepted to started",
            "started to ended", "ended to seen", "seen to stored");

    private final List<long[]> jobs = new ArrayList<>();

    /**
     * @param wallAtSubmit {@link Instant#now()} taken with {@code submitNanos}
     * @param storedNanos when the store first showed the job ended, or -1 if not looked at
     */
    void add(Instant wallAtSubmit, long submitNanos, long acceptedNanos, ResultsTracker.Ended end, long storedNanos) {
        long started = submitNanos + Duration.between(wallAtSubmit, end.startedAt()).toNanos();
        long ended = submitNanos + Duration.between(wallAtSubmit, end.finishedAt()).toNanos();
        jobs.add(new long[] {acceptedNanos - submitNanos, started - acceptedNanos, ended - started,
                end.seenNanos() - ended, storedNanos < 0 ? -1 : storedNanos - end.seenNanos()});
    }

    /** Per hop, its percentiles in ms (a hop of clocks that disagree by a little may read below zero). */
    Map<String, Map<String, Double>> percentilesMs() {
        Map<String, Map<String, Double>> byHop = new LinkedHashMap<>();
        for (int hop = 0; hop < HOPS.size(); hop++) {
            int h = hop;
            long[] nanos = jobs.stream().mapToLong(job -> job[h]).filter(n -> h < 4 || n >= 0).toArray();
            byHop.put(HOPS.get(hop), Bench.percentilesMs(nanos));
        }
        return byHop;
    }
}
