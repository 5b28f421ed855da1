package dev.conveyor.gateway.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.workers.WorkerHeartbeat;
import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class LiveWorkersTests {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    /** A gateway that lists a worker for 15 seconds after its last heartbeat, at {@link #NOW}. */
    private final LiveWorkers workers = new LiveWorkers(aGatewayWithWorkerExpiry("PT15S"),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static GatewayProperties aGatewayWithWorkerExpiry(String expiry) {
        return new Binder(new MapConfigurationPropertySource(Map.of("conveyor.gateway.worker-expiry", expiry)))
                .bindOrCreate("conveyor.gateway", Bindable.of(GatewayProperties.class));
    }

    private static WorkerHeartbeat aHeartbeat(String workerId, Instant at) {
        return new WorkerHeartbeat(workerId, "host-1", "dev", List.of("default"), 8, 0, Map.of(), NOW.minusSeconds(60),
                at, Duration.ofSeconds(5));
    }

    private List<String> liveIds() {
        return workers.live().stream().map(WorkerHeartbeat::workerId).toList();
    }

    @Test
    void aWorkerWhoseLastHeartbeatIsOlderThanTheExpiryIsNotListed() {
        workers.heard(aHeartbeat("fresh", NOW.minusSeconds(14)));
        workers.heard(aHeartbeat("overdue", NOW.minusSeconds(16)));

        assertThat(liveIds()).containsExactly("fresh");
    }

    @Test
    void aWorkerThatBeatsSlowlyIsGivenThreeOfItsIntervals() {
        workers.heard(new WorkerHeartbeat("slow", "host-1", "dev", List.of("default"), 8, 0, Map.of(),
                NOW.minusSeconds(600), NOW.minusSeconds(50), Duration.ofSeconds(20)));
        workers.heard(new WorkerHeartbeat("gone", "host-1", "dev", List.of("default"), 8, 0, Map.of(),
                NOW.minusSeconds(600), NOW.minusSeconds(61), Duration.ofSeconds(20)));

        assertThat(liveIds()).containsExactly("slow");
    }

    @Test
    void aNewHeartbeatKeepsAWorkerListed() {
        workers.heard(aHeartbeat("w1", NOW.minusSeconds(30)));
        workers.heard(aHeartbeat("w1", NOW.minusSeconds(2)));

        assertThat(workers.live()).singleElement()
                .satisfies(last -> assertThat(last.at()).isEqualTo(NOW.minusSeconds(2)));
    }

    @Test
    void aWorkerThatSignedOffIsNotListed() {
        workers.heard(aHeartbeat("w1", NOW));
        workers.heard(aHeartbeat("w2", NOW));

        workers.signedOff("w1");

        assertThat(liveIds()).containsExactly("w2");
    }

    @Test
    void workersAreListedByTheirId() {
        workers.heard(aHeartbeat("w-c", NOW));
        workers.heard(aHeartbeat("w-a", NOW));
        workers.heard(aHeartbeat("w-b", NOW));

        assertThat(liveIds()).containsExactly("w-a", "w-b", "w-c");
    }
}
