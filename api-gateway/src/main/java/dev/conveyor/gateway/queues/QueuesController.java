package dev.conveyor.gateway.queues;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** How full and how busy each queue is. */
@RestController
@RequestMapping("/api/v1/queues")
class QueuesController {

    private final QueueReport report;

    QueuesController(QueueReport report) {
        this.report = report;
    }

    /** Answers 503 when Kafka does not tell the offsets in time, rather than wait on it. */
    @GetMapping
    QueuesView list() {
        return report.now();
    }
}
