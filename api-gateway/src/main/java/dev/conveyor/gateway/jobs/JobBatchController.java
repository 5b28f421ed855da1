package dev.conveyor.gateway.jobs;

import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.gateway.system.GatewayProperties;
import jakarta.validation.Valid;
import java.security.Principal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Submits many jobs in one request: all are valid and queued, or none is. */
@RestController
class JobBatchController {

    private final JobSubmission submission;
    private final GatewayProperties properties;

    JobBatchController(JobSubmission submission, GatewayProperties properties) {
        this.submission = submission;
        this.properties = properties;
    }

    /**
     * Answers 202 once Kafka holds every job. Any invalid job refuses the whole batch (400 naming
     * each problem as {@code /jobs/<index>/...}), and nothing is queued.
     */
    @PostMapping("/api/v1/jobs:batch")
    ResponseEntity<BatchView> submit(@Valid @RequestBody BatchSubmitRequest body,
            @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey, Principal caller) {
        if (body.jobs().size() > properties.maxBatchSize()) {
            throw new InvalidJobException("/jobs", "holds " + body.jobs().size() + " jobs; at most "
                    + properties.maxBatchSize() + " per batch");
        }
        String submittedBy = caller.getName();
        Idempotency idempotency = Idempotency.of(submittedBy, idempotencyKey, "batch", body);
        var jobs = submission.submit(body.jobs(), i -> "/jobs/" + i, submittedBy, idempotency);
        return ResponseEntity.accepted().body(new BatchView(jobs.stream().map(JobView::of).toList()));
    }
}
