package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.gateway.store.JobPage;
import dev.conveyor.gateway.store.JobQuery;
import dev.conveyor.gateway.store.JobStore;
import dev.conveyor.gateway.system.GatewayProperties;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

    /** Answers 202 once Kafka holds the job, which records the caller as its submitter and then runs on a worker. */
    @PostMapping
    ResponseEntity<JobView> submit(@Valid @RequestBody SubmitJobRequest body, Principal caller) {
        JobView job = JobView.of(submission.submit(body, caller.getName()));
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(job.id()).toUri();
        return ResponseEntity.accepted().location(location).body(job);
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

    /** Newest first; {@code status} takes several states separated by commas. */
    @GetMapping
    JobListView list(@RequestParam(required = false) Set<JobStatus> status,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String queue,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int pageSize = limit == null ? properties.defaultPageSize() : limit;
        if (pageSize < 1 || pageSize > properties.maxPageSize()) {
            throw new InvalidQueryException("limit", "must be between 1 and " + properties.maxPageSize());
        }
        JobPage page = store.list(new JobQuery(status, type, queue, pageSize, cursor));
        return new JobListView(page.items().stream().map(JobView::of).toList(), page.nextCursor());
    }
}
