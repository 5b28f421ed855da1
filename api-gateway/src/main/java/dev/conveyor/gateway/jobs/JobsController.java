package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.gateway.store.JobPage;
import dev.conveyor.gateway.store.JobQuery;
import dev.conveyor.gateway.store.JobStore;
import dev.conveyor.gateway.system.GatewayProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.MediaType;
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
// Accept is checked before a handler runs: a submit the client cannot read must not happen.
@RequestMapping(path = "/api/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "jobs", description = "Submit jobs, read and list them, cancel them")
class JobsController {

    /** Until tokens exist, every job is submitted and canceled by the same nobody. */
    private static final String ANONYMOUS = "anonymous";

    private static final String JOB_ID = "The job's id, a UUID as returned on submit";
    private static final String NO_SUCH_JOB = "This gateway knows no job with that id; a malformed id names no "
            + "job either";

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

    /** Answers 202 once Kafka holds the job; the job then runs on a worker. */
    @PostMapping
    @Operation(operationId = "submitJob", summary = "Submit a job", description = """
            Checks the job, puts it on Kafka and answers once Kafka holds it: `202` with the job, \
            `QUEUED`, and its URL in `Location`. A worker then runs it. Every problem of a submission \
            is reported at once, each with a JSON pointer into the body.

            Role: `operator` or `admin`.""")
    @ApiResponse(responseCode = "202", description = "Queued: Kafka holds the job",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The job's URL",
                    schema = @Schema(type = "string", format = "uri")))
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the job in time: it was not "
            + "queued. Try again after `Retry-After` seconds.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
            @ExampleObject(name = "sleep", summary = "Wait half a second",
                    value = """
                            {"type": "sleep", "params": {"duration": "PT0.5S"}, "labels": {"team": "ops"}}"""),
            @ExampleObject(name = "http", summary = "Check that a URL answers 200, within 10 seconds",
                    value = """
                            {"type": "http", "params": {"url": "https://example.org", "expectStatus": 200},
                             "timeout": "PT10S"}"""),
            @ExampleObject(name = "retried", summary = "Try a flaky check up to 5 times, backing off from 2 s",
                    value = """
                            {"type": "http", "params": {"url": "https://example.org"}, "queue": "default",
                             "retry": {"maxAttempts": 5, "initialDelay": "PT2S", "multiplier": 2}}""")}))
    ResponseEntity<JobView> submit(@Valid @RequestBody SubmitJobRequest body) {
        JobView job = JobView.of(submission.submit(body, ANONYMOUS));
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(job.id()).toUri();
        return ResponseEntity.accepted().location(location).body(job);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getJob", summary = "Read a job", description = """
            The job as this gateway knows it now, with its result or error once it ended.

            Role: `viewer`, `operator` or `admin`.""")
    @ApiResponse(responseCode = "200", description = "The job")
    @ApiResponse(responseCode = "404", description = NO_SUCH_JOB)
    JobView get(@Parameter(description = JOB_ID) @PathVariable String id) {
        return store.find(id).map(JobView::of).orElseThrow(() -> new JobNotFoundException(id));
    }

    /**
     * Answers 202 once Kafka holds the cancel: a job that waited is {@code CANCELED} at once, a
     * running one ends {@code CANCELED} when its worker has stopped it.
     */
    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelJob", summary = "Cancel a job", description = """
            Answers `202` once Kafka holds the cancel. A job that waits (`QUEUED`, `RETRYING`) is \
            `CANCELED` at once; a `RUNNING` one is shown still running, and ends `CANCELED` when its \
            worker has stopped it, within a second or so.

            Role: `operator` or `admin`.""")
    @ApiResponse(responseCode = "202", description = "Kafka holds the cancel; the job as it is now")
    @ApiResponse(responseCode = "404", description = NO_SUCH_JOB)
    @ApiResponse(responseCode = "409", description = "The job already ended; `jobStatus` tells how")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the cancel in time: the job may "
            + "still run. Try again after `Retry-After` seconds.")
    ResponseEntity<JobView> cancel(@Parameter(description = JOB_ID) @PathVariable String id) {
        return ResponseEntity.accepted().body(JobView.of(cancellation.cancel(id, ANONYMOUS)));
    }

    /**
     * Newest first; {@code status} takes several states separated by commas.
     *
     * @param status only jobs in one of these states (several separated by commas, or the parameter repeated)
     * @param type only jobs of this type
     * @param queue only jobs of this queue
     * @param limit at most this many jobs (default {@code conveyor.gateway.default-page-size}, 50)
     * @param cursor the {@code nextCursor} of the previous page, unchanged; absent for the first page
     */
    @GetMapping
    @Operation(operationId = "listJobs", summary = "List jobs", description = """
            Jobs newest first, filtered, a page at a time: pass a page's `nextCursor` as `cursor` \
            for the next one; the last page has none. Pages stay stable while new jobs arrive.

            Role: `viewer`, `operator` or `admin`.""")
    @ApiResponse(responseCode = "200", description = "One page of jobs")
    JobListView list(@RequestParam(required = false) Set<JobStatus> status,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String queue,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int pageSize = limit == null ? properties.defaultPageSize() : limit;
        if (pageSize < 1 || pageSize > properties.maxPageSize()) {
            throw new InvalidQueryException("limit", "must be between 1 and " + properties.maxPageSize());
        }
        // An empty value (status= or status=QUEUED,) converts to no state at all: it filters nothing.
        Set<JobStatus> statuses = status == null ? null
                : status.stream().filter(Objects::nonNull).collect(Collectors.toSet());
        JobPage page = store.list(new JobQuery(statuses, type, queue, pageSize, cursor));
        return new JobListView(page.items().stream().map(JobView::of).toList(), page.nextCursor());
    }
}
