package dev.conveyor.gateway.workers;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The workers that are alive now, from their heartbeats. */
@RestController
@RequestMapping(path = "/api/v1/workers", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "workers", description = "The workers that are alive now")
class WorkersController {

    private final LiveWorkers workers;

    WorkersController(LiveWorkers workers) {
        this.workers = workers;
    }

    @GetMapping
    @Operation(operationId = "listWorkers", summary = "List the live workers", description = """
            Every worker whose heartbeat is recent, by id: its host and version, the queues it \
            consumes, its slots and the jobs it runs now. A worker that stops signs off and leaves \
            the list at once; one that died leaves it when its heartbeats are overdue.

            Role: `viewer`, `operator` or `admin`.""")
    @ApiResponse(responseCode = "200", description = "The live workers")
    WorkersView list() {
        return new WorkersView(workers.live().stream().map(WorkerView::of).toList());
    }
}
