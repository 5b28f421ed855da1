package dev.conveyor.gateway.workers;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The workers that are alive now, from their heartbeats. */
@RestController
@RequestMapping("/api/v1/workers")
class WorkersController {

    private final LiveWorkers workers;

    WorkersController(LiveWorkers workers) {
        this.workers = workers;
    }

    @GetMapping
    WorkersView list() {
        return new WorkersView(workers.live().stream().map(WorkerView::of).toList());
    }
}
