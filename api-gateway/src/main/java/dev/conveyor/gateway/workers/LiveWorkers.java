package dev.conveyor.gateway.workers;

import dev.conveyor.common.workers.WorkerHeartbeat;
import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The latest heartbeat of every live worker. A worker leaves when it signs off (its tombstone) or
 * when its last heartbeat is older than {@code conveyor.gateway.worker-expiry}, or than three of
 * its own heartbeat intervals if that is longer (a worker configured to beat slowly does not
 * flicker in and out of the list): a worker that died never signs off.
 */
@Component
public class LiveWorkers {

    private final Map<String, WorkerHeartbeat> byId = new ConcurrentHashMap<>();
    private final Duration expiry;
    private final Clock clock;

    LiveWorkers(GatewayProperties properties, Clock clock) {
        this.expiry = properties.workerExpiry();
        this.clock = clock;
    }

    void heard(WorkerHeartbeat heartbeat) {
        byId.put(heartbeat.workerId(), heartbeat);
    }

    void signedOff(String workerId) {
        byId.remove(workerId);
    }

    /** Before the workers topic is read again from its beginning, which tells everything anew. */
    void forgetAll() {
        byId.clear();
    }

    /** The live workers' latest heartbeats, by worker id. */
    public List<WorkerHeartbeat> live() {
        Instant now = clock.instant();
        // Conditional removal: a heartbeat that arrived meanwhile stays.
        byId.forEach((id, last) -> {
            if (expired(last, now)) {
                byId.remove(id, last);
            }
        });
        return byId.values().stream().filter(last -> !expired(last, now))
                .sorted(Comparator.comparing(WorkerHeartbeat::workerId)).toList();
    }

    private boolean expired(WorkerHeartbeat last, Instant now) {
        Duration ownPace = last.interval() == null ? Duration.ZERO : last.interval().multipliedBy(3);
        Duration allowed = ownPace.compareTo(expiry) > 0 ? ownPace : expiry;
        return last.at().isBefore(now.minus(allowed));
    }
}
