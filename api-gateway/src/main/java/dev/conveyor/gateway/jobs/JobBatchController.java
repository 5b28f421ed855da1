package dev.conveyor.gateway.jobs;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.gateway.system.GatewayProperties;
import jakarta.validation.Valid;
import java.security.Principal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Submits many jobs in one request: all are valid and queued, or none is. */
@RestController
@Tag(name = "jobs")
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
    @PostMapping(path = "/api/v1/jobs:batch", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "submitJobs", summary = "Submit many jobs at once", description = """
            Checks every job, then puts them all on Kafka and answers `202` once Kafka holds every \
            one, in the order given. One invalid job refuses the whole batch: the `400` names each \
            problem as `/jobs/<index>/...`, and nothing is queued. At most \
            `conveyor.gateway.max-batch-size` jobs (1000) per batch. A `command` job is refused, as \
            in a single submission.

            Role: `operator` or `admin`.""")
    @ApiResponse(responseCode = "202", description = "Queued: Kafka holds every job")
    @ApiResponse(responseCode = "409", description = "The same Idempotency-Key was used for another request")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge every job in time; those it did "
            + "not (`notQueued`) are not known to be queued, and may be. Send the same request with the same "
            + "Idempotency-Key after `Retry-After` seconds to queue each exactly once.")
    ResponseEntity<BatchView> submit(@Valid @RequestBody BatchSubmitRequest body,
            @Parameter(description = "Makes a retry safe: the same key and body answer the jobs the first request "
                    + "made") @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey, Principal caller) {
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
