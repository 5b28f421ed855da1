package dev.conveyor.gateway.workers;

import java.util.List;

/**
 * The body of {@code GET /api/v1/workers}.
 *
 * @param workers the live workers, by id
 */
record WorkersView(List<WorkerView> workers) {
}
