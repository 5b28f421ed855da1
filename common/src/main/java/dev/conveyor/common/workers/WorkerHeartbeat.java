package dev.conveyor.common.workers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A worker saying it is alive and how busy it is; published every {@code interval} on the
 * compacted {@code conveyor.workers} topic (keyed by worker id). A worker that stops cleanly
 * publishes a tombstone; one that dies is forgotten once its heartbeats are overdue.
 *
 * @param workerId the worker's id
 * @param host the host it runs on
 * @param version the Conveyor version it runs
 * @param queues the queues it consumes
 * @param slots how many jobs it may run at once ({@code max-in-flight})
 * @param running how many jobs it runs now
 * @param runningByQueue how many jobs it runs now, per queue
 * @param startedAt when the worker started
 * @param at when this heartbeat was sent
 * @param interval how often the worker sends heartbeats
 */
public record WorkerHeartbeat(
        String workerId,
        String host,
        String version,
        List<String> queues,
        int slots,
        int running,
        Map<String, Integer> runningByQueue,
        Instant startedAt,
        Instant at,
        Duration interval) {

    public WorkerHeartbeat {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(at, "at");
        queues = queues == null ? List.of() : List.copyOf(queues);
        runningByQueue = runningByQueue == null ? Map.of() : Map.copyOf(runningByQueue);
    }
}
