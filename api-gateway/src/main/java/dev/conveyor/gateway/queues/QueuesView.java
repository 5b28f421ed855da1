package dev.conveyor.gateway.queues;

import java.util.List;

/**
 * The body of {@code GET /api/v1/queues}.
 *
 * @param queues every queue the gateway accepts, in the order of its configuration
 */
record QueuesView(List<QueueView> queues) {
}
