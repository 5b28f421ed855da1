package dev.conveyor.gateway.workers;

import dev.conveyor.common.workers.WorkerHeartbeat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A live worker as the API shows it, from its latest heartbeat.
 *
 * @param id the worker's id ({@code conveyor.worker.id})
 * @param host the host it runs on
 * @param version the Conveyor version it runs
 * @param queues the queues it consumes
 * @param slots how many jobs it may run at once
 * @param running how many jobs it runs now
 * @param runningByQueue how many jobs it runs now, per queue
 * @param startedAt when the worker started
 * @param lastSeenAt when it sent its latest heartbeat
 */
record WorkerView(
        String id,
        String host,
        String version,
        List<String> queues,
        int slots,
        int running,
        Map<String, Integer> runningByQueue,
        Instant startedAt,
        Instant lastSeenAt) {

    static WorkerView of(WorkerHeartbeat h) {
        return new WorkerView(h.workerId(), h.host(), h.version(), h.queues(), h.slots(), h.running(),
                new TreeMap<>(h.runningByQueue()), h.startedAt(), h.at());
    }
}
