package dev.conveyor.gateway.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * Remembers that Kafka stopped acknowledging, so that while it is down a submission fails at
 * once with 503 instead of each one waiting out the publish timeout; meanwhile one publish at a
 * time goes through as a probe, and the first acknowledgement closes the circuit again.
 */
@Component
class PublishCircuit {

    private final Clock clock;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile Instant failingSince;

    PublishCircuit(Clock clock) {
        this.clock = clock;
    }

    /** Whether a publish may be tried now: always while Kafka answers, one probe at a time while it does not. */
    boolean mayTry() {
        return failingSince == null || probing.compareAndSet(false, true);
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
        if (failingSince == null) {
            failingSince = clock.instant();
        }
        probing.set(false);
    }

    /** A publish failed for a reason of its own (Kafka answered): the circuit stays as it is. */
    void refused() {
        probing.set(false);
    }
}
