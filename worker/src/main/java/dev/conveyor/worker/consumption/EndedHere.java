package dev.conveyor.worker.consumption;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attempts this worker ended lately, so that a second request of the same attempt (a client's
 * retry that published it again after an unanswered submit) ends at once rather than running the
 * job twice. A job's requests share its key, hence its partition, hence, between rebalances, its
 * worker. Bounded: the oldest are forgotten, and a request of one of those runs again, which the
 * results' versions make harmless.
 */
final class EndedHere {

    private static final int REMEMBERED = 100_000;

    private final Map<String, Boolean> attempts = new LinkedHashMap<>(1 << 10, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    synchronized void ended(String jobId, int attempt) {
        attempts.put(jobId + "#" + attempt, Boolean.TRUE);
    }

    synchronized boolean contains(String jobId, int attempt) {
        return attempts.containsKey(jobId + "#" + attempt);
    }
}
