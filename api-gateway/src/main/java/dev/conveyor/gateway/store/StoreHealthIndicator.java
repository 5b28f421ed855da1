package dev.conveyor.gateway.store;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The {@code store} health, part of readiness: out of service until the store has read the
 * jobs and results topics up to where they ended at start, so that a new gateway does not answer with job
 * states from long ago while it rebuilds its store.
 */
@Component
class StoreHealthIndicator extends AbstractHealthIndicator {

    private final StoreReadiness projection;

    StoreHealthIndicator(StoreReadiness projection) {
        super("Reading the job results failed");
        this.projection = projection;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (projection.isCaughtUp()) {
            builder.up();
        } else {
            builder.outOfService().withDetail("reason", "still reading the jobs and results topics");
        }
    }
}
