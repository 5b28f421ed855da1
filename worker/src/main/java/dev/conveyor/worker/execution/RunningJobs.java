package dev.conveyor.worker.execution;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.springframework.stereotype.Component;

/**
 * The jobs this worker runs right now, so that they can be counted, canceled (their work is
 * interrupted and they end {@code CANCELED}) and released (their runner is interrupted and they
 * end nowhere, for another worker to run again).
 */
@Component
public class RunningJobs {

    private final Map<String, Running> byId = new ConcurrentHashMap<>();

    void started(String jobId, String queue, Thread runner) {
        byId.put(jobId, new Running(queue, runner));
    }

    void working(String jobId, Future<?> work) {
        Running running = byId.get(jobId);
        if (running != null) {
            running.work = work;
        }
    }

    boolean isRunning(String jobId) {
        return byId.containsKey(jobId);
    }

    void ended(String jobId) {
        byId.remove(jobId);
    }

    /** Interrupts the job's work, if it runs here; its runner then ends it {@code CANCELED}. */
    void cancel(String jobId) {
        Running running = byId.get(jobId);
        Future<?> work = running == null ? null : running.work;
        if (work != null) {
            work.cancel(true);
        }
    }

    /** Interrupts the job's runner, if it runs here: the job ends without a final state. */
    public void release(String jobId) {
        Running running = byId.get(jobId);
        if (running != null) {
            running.runner.interrupt();
        }
    }

    public int count() {
        return byId.size();
    }

    /** How many jobs run now, per queue; queues with none are absent. */
    public Map<String, Integer> countByQueue() {
        Map<String, Integer> counts = new TreeMap<>();
        byId.values().forEach(r -> counts.merge(r.queue, 1, Integer::sum));
        return counts;
    }

    private static final class Running {
        private final String queue;
        private final Thread runner;
        private volatile Future<?> work;

        Running(String queue, Thread runner) {
            this.queue = queue;
            this.runner = runner;
        }
    }
}
