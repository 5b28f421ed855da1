package dev.conveyor.gateway.jobs;

import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * Remembers that Kafka stopped acknowledging, so that while it is down a submission fails at
 * once with 503 instead of each one waiting out the publish timeout; meanwhile one publish at a
 * time goes through as a probe, the next no sooner than the probe interval after the last failed,
 * and the first acknowledgement closes the circuit again. Probing this often matters when one
 * broker of several is lost: Kafka accepts writes again as soon as its partitions have new leaders.
 */
@Component
class PublishCircuit {

    private final Clock clock;
    private final Duration probeEvery;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile Instant failingSince;
    private volatile Instant lastProbe = Instant.MIN;

    PublishCircuit(Clock clock, GatewayProperties properties) {
        this.clock = clock;
        this.probeEvery = properties.publishProbeInterval();
    }

    /** Whether a publish may be tried now: always while Kafka answers, else as the one probe now and then. */
    boolean mayTry() {
        if (failingSince == null) {
            return true;
        }
        Instant now = clock.instant();
        if (now.isBefore(lastProbe.plus(probeEvery)) || !probing.compareAndSet(false, true)) {
            return false;
        }
        lastProbe = now;
        return true;
    }

    /** Since when Kafka has not acknowledged, if it has not. */
    Optional<Instant> failingSince() {
        return Optional.ofNullable(failingSince);
    }

    void acknowledged() {
        failingSince = null;
        probing.set(false);
    }

    /** A publish got no acknowledgement in time: Kafka is taken as down until one comes. */
    void timedOut() {
        Instant now = clock.instant();
        if (failingSince == null) {
            failingSince = now;
        }
        // The publish that just failed counts as a probe: the next one waits its turn.
        lastProbe = now;
        probing.set(false);
    }

    /** A publish failed for a reason of its own (Kafka answered): the circuit stays as it is. */
    void refused() {
        probing.set(false);
    }
}
