package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.gateway.store.JobPage;
import dev.conveyor.gateway.store.JobStore;
import dev.conveyor.gateway.system.GatewayProperties;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Submit, read, list and cancel jobs. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobsController {

    private final JobSubmission submission;
    private final JobCancellation cancellation;
    private final JobStore store;
    private final GatewayProperties properties;

    JobsController(JobSubmission submission, JobCancellation cancellation, JobStore store,
            GatewayProperties properties) {
        this.submission = submission;
        this.cancellation = cancellation;
        this.store = store;
        this.properties = properties;
    }

    /**
     * Answers 202 once Kafka holds the job; the job then runs on a worker. With an
     * {@code Idempotency-Key}, a retry answers the job the first request made.
     */
    @PostMapping
    ResponseEntity<JobView> submit(@Valid @RequestBody SubmitJobRequest body,
            @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey, Principal caller) {
        String submittedBy = caller.getName();
        Idempotency idempotency = Idempotency.of(submittedBy, idempotencyKey, "submit", body);
        return accepted(submission.submit(List.of(body), i -> "", submittedBy, idempotency).getFirst());
    }

    /** Queues a new job that runs what job {@code id} ran, whatever state that one is in. */
    @PostMapping("/{id}/relaunch")
    ResponseEntity<JobView> relaunch(@PathVariable String id,
            @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey, Principal caller) {
        String submittedBy = caller.getName();
        return accepted(submission.relaunch(id, submittedBy,
                Idempotency.of(submittedBy, idempotencyKey, "relaunch " + id, null)));
    }

    private static ResponseEntity<JobView> accepted(JobSnapshot job) {
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/jobs/{id}")
                .buildAndExpand(job.id()).toUri();
        return ResponseEntity.accepted().location(location).body(JobView.of(job));
    }

    @GetMapping("/{id}")
    JobView get(@PathVariable String id) {
        return store.find(id).map(JobView::of).orElseThrow(() -> new JobNotFoundException(id));
    }

    /**
     * Answers 202 once Kafka holds the cancel: a job that waited is {@code CANCELED} at once, a
     * running one ends {@code CANCELED} when its worker has stopped it.
     */
    @PostMapping("/{id}/cancel")
    ResponseEntity<JobView> cancel(@PathVariable String id, Principal caller) {
        return ResponseEntity.accepted().body(JobView.of(cancellation.cancel(id, caller.getName())));
    }

    /**
     * Newest first unless {@code sort=submittedAt}; {@code status} takes several states separated
     * by commas, {@code label} may be given several times.
     */
    @GetMapping
    JobListView list(@RequestParam(required = false) Set<JobStatus> status,
            @RequestParam MultiValueMap<String, String> query) {
        JobPage page = store.list(JobListRequest.read(query, status, properties.defaultPageSize(),
                properties.maxPageSize()));
        return new JobListView(page.items().stream().map(JobView::of).toList(), page.nextCursor());
    }
}
