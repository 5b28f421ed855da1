package dev.conveyor.gateway.store;

import dev.conveyor.common.jobs.JobSnapshot;

/**
 * Told of every snapshot the store took, once its transaction committed; a snapshot the store
 * refused (older than what it holds, or after a final state) is not told. Called on the writer's
 * thread, so it must not block.
 */
@FunctionalInterface
public interface StoredJobListener {

    void stored(JobSnapshot snapshot);
}
