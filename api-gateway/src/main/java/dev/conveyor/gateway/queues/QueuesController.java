package dev.conveyor.gateway.queues;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** How full and how busy each queue is. */
@RestController
@RequestMapping(path = "/api/v1/queues", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "queues", description = "How full and how busy each queue is")
class QueuesController {

    private final QueueReport report;

    QueuesController(QueueReport report) {
        this.report = report;
    }

    /** Answers 503 when Kafka does not tell the offsets in time, rather than wait on it. */
    @GetMapping
    @Operation(operationId = "listQueues", summary = "List the queues", description = """
            Every queue the gateway accepts, with its depth (requests no worker finished with), \
            the jobs waiting for a retry and running now, its live workers, and its rates over the \
            last minute. Depth is read from Kafka's offsets at the time of the call.

            Role: `viewer`, `operator` or `admin`.""")
    @ApiResponse(responseCode = "200", description = "The queues")
    @ApiResponse(responseCode = "503", description = "Kafka did not tell the queues' offsets in time. Try again "
            + "after `Retry-After` seconds.")
    QueuesView list() {
        return report.now();
    }
}
