package dev.conveyor.worker.execution;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.springframework.stereotype.Component;

/** The jobs this worker runs right now, so that they can be counted and canceled. */
@Component
public class RunningJobs {

    private final Map<String, Running> byId = new ConcurrentHashMap<>();

    void started(String jobId, String queue, Future<?> work) {
        byId.put(jobId, new Running(queue, work));
    }

    void ended(String jobId) {
        byId.remove(jobId);
    }

    Optional<Future<?>> work(String jobId) {
        return Optional.ofNullable(byId.get(jobId)).map(Running::work);
    }

    public int count() {
        return byId.size();
    }

    /** How many jobs run now, per queue; queues with none are absent. */
    public Map<String, Integer> countByQueue() {
        Map<String, Integer> counts = new TreeMap<>();
        byId.values().forEach(r -> counts.merge(r.queue(), 1, Integer::sum));
        return counts;
    }

    private record Running(String queue, Future<?> work) {
    }
}
