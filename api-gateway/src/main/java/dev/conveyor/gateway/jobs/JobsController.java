package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.gateway.store.JobPage;
import dev.conveyor.gateway.store.JobStore;
import dev.conveyor.gateway.system.GatewayProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.MediaType;
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
// Accept is checked before a handler runs: a submit the client cannot read must not happen.
@RequestMapping(path = "/api/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "jobs", description = "Submit jobs, read and list them, cancel them")
class JobsController {

    /** The role that may write templates, as the servlet request names it. */
    private static final String ADMIN = "ADMIN";
    private static final String JOB_ID = "The job's id, a UUID as returned on submit";
    private static final String IDEMPOTENCY_KEY = "Makes a retry safe: the same key and body answer the job "
            + "the first request made, from any gateway; another body is a `409`";
    private static final String NO_SUCH_JOB = "This gateway knows no job with that id; a malformed id names no "
            + "job either";

    private final JobSubmission submission;
    private final JobRelaunch relaunches;
    private final JobCancellation cancellation;
    private final JobStore store;
    private final GatewayProperties properties;

    JobsController(JobSubmission submission, JobRelaunch relaunches, JobCancellation cancellation, JobStore store,
            GatewayProperties properties) {
        this.submission = submission;
        this.relaunches = relaunches;
        this.cancellation = cancellation;
        this.store = store;
        this.properties = properties;
    }

    /**
     * Answers 202 once Kafka holds the job; the job then runs on a worker. With an
     * {@code Idempotency-Key}, a retry answers the job the first request made.
     */
    @PostMapping
    @Operation(operationId = "submitJob", summary = "Submit a job", description = """
            Checks the job, puts it on Kafka and answers once Kafka holds it: `202` with the job, \
            `QUEUED`, and its URL in `Location`. A worker then runs it. Every problem of a submission \
            is reported at once, each with a JSON pointer into the body. A `command` job is refused \
            here: it runs only from a template an admin wrote (`POST /api/v1/templates/{id}/launch`).

            Role: `operator` or `admin`.""")
    @ApiResponse(responseCode = "202", description = "Queued: Kafka holds the job",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The job's URL",
                    schema = @Schema(type = "string", format = "uri")))
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the job in time: it is "
            + "not known to be queued, and may be. Send the same request with the same Idempotency-Key after "
            + "`Retry-After` seconds to queue it exactly once.")
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
    ResponseEntity<JobView> submit(@Valid @RequestBody SubmitJobRequest body,
            @Parameter(description = IDEMPOTENCY_KEY) @RequestHeader(name = Idempotency.HEADER, required = false)
            String idempotencyKey, Principal caller) {
        String submittedBy = caller.getName();
        Idempotency idempotency = Idempotency.of(submittedBy, idempotencyKey, "submit", body);
        return accepted(submission.submit(List.of(body), i -> "", submittedBy, idempotency).getFirst());
    }

    /**
     * Queues a new job that runs what job {@code id} ran, whatever state that one is in, as a
     * submission made today: refused when today's rules would refuse it.
     */
    @PostMapping("/{id}/relaunch")
    @Operation(operationId = "relaunchJob", summary = "Run a job again", description = """
            Queues a new job that runs what job `id` ran, whatever state that one is in, as a new \
            submission under today's rules; the new job names it in `relaunchOf`. A job launched from \
            a template is launched again from the template's current version, with the values it \
            was launched with (read back from its params), and records that version; it is refused \
            when the template was deleted (`409`) or no longer makes what the job ran (`409` for an \
            admin, `403` for an operator: only an admin could make such a job). Any other job gets \
            the checks of a submit: its queue, timeout and target scope as configured now (`409` \
            naming each problem), and a `command` job without a template is refused (`409`). Secret \
            params are sealed again for the new job. With `onlyFailed=true`, a profile job that \
            succeeded runs again only the checks that failed or erred, on their targets. A refusal's \
            `reason` tells which rule: `template-deleted`, `template-changed`, `role`, \
            `command-without-template`, `invalid-today`.

            Role: `operator` or `admin`.""")
    @ApiResponse(responseCode = "202", description = "Queued: Kafka holds the new job",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The new job's URL",
                    schema = @Schema(type = "string", format = "uri")))
    @ApiResponse(responseCode = "403", description = "The job ran what its template no longer makes, which only "
            + "an admin could make today (`reason`: `role`); or the caller's role may not relaunch at all")
    @ApiResponse(responseCode = "404", description = NO_SUCH_JOB)
    @ApiResponse(responseCode = "409", description = "Today's rules refuse the job (`reason`: `template-deleted`, "
            + "`template-changed`, `command-without-template`, `invalid-today` with `errors`); or the same "
            + "Idempotency-Key was used for another request; or onlyFailed for a job that is no succeeded profile "
            + "job, or whose checks all passed")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the job in time: it is "
            + "not known to be queued, and may be. Send the same request with the same Idempotency-Key after "
            + "`Retry-After` seconds to queue it exactly once.")
    ResponseEntity<JobView> relaunch(@Parameter(description = JOB_ID) @PathVariable String id,
            @Parameter(description = "Only the failed and erred checks of a profile job")
            @RequestParam(required = false, defaultValue = "false") boolean onlyFailed,
            @Parameter(description = IDEMPOTENCY_KEY) @RequestHeader(name = Idempotency.HEADER, required = false)
            String idempotencyKey, Principal caller, HttpServletRequest request) {
        String submittedBy = caller.getName();
        return accepted(relaunches.relaunch(id, submittedBy, request.isUserInRole(ADMIN),
                Idempotency.of(submittedBy, idempotencyKey, "relaunch " + id + (onlyFailed ? " only failed" : ""),
                        null), onlyFailed));
    }

    private static ResponseEntity<JobView> accepted(JobSnapshot job) {
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/jobs/{id}")
                .buildAndExpand(job.id()).toUri();
        return ResponseEntity.accepted().location(location).body(JobView.of(job));
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
    ResponseEntity<JobView> cancel(@Parameter(description = JOB_ID) @PathVariable String id, Principal caller) {
        return ResponseEntity.accepted().body(JobView.of(cancellation.cancel(id, caller.getName())));
    }

    /**
     * Newest first unless {@code sort=submittedAt}; {@code status} takes several states separated
     * by commas, {@code label} may be given several times.
     */
    @GetMapping
    @Operation(operationId = "listJobs", summary = "List jobs", description = """
            Jobs newest first (`sort=submittedAt` for oldest first), filtered, a page at a time: pass \
            a page's `nextCursor` as `cursor` for the next one; the last page has none. Pages stay \
            stable while new jobs arrive. A cursor only works for the list it came from. Filters: \
            `status` (several, separated by commas), `type`, `queue`, `template`, `label` \
            (`key=value` or `key`, repeatable), `submittedBy`, `since` and `until` (ISO-8601 instants); \
            `limit` (default 50). An unknown parameter is a `400`.

            Role: `viewer`, `operator` or `admin`.""")
    @ApiResponse(responseCode = "200", description = "One page of jobs")
    @Parameter(name = "type", in = ParameterIn.QUERY, description = "Only jobs of this type",
            schema = @Schema(type = "string"))
    @Parameter(name = "queue", in = ParameterIn.QUERY, description = "Only jobs of this queue",
            schema = @Schema(type = "string"))
    @Parameter(name = "template", in = ParameterIn.QUERY, description = "Only jobs launched from this template",
            schema = @Schema(type = "string"))
    @Parameter(name = "label", in = ParameterIn.QUERY, description = "Only jobs with this label: `key=value`, or "
            + "`key` for any value; repeat it for several", array = @ArraySchema(schema = @Schema(type = "string")))
    @Parameter(name = "submittedBy", in = ParameterIn.QUERY, description = "Only jobs submitted by this caller",
            schema = @Schema(type = "string"))
    @Parameter(name = "since", in = ParameterIn.QUERY, description = "Only jobs submitted at or after this instant",
            schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "until", in = ParameterIn.QUERY, description = "Only jobs submitted before this instant",
            schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "`-submittedAt` (newest first, the default) "
            + "or `submittedAt`", schema = @Schema(type = "string", allowableValues = {"-submittedAt", "submittedAt"}))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "At most this many jobs (default 50)",
            schema = @Schema(type = "integer", minimum = "1"))
    @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "The previous page's `nextCursor`, unchanged",
            schema = @Schema(type = "string"))
    JobListView list(@Parameter(description = "Only jobs in one of these states")
            @RequestParam(required = false) Set<JobStatus> status,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query) {
        // An empty value (status= or status=QUEUED,) converts to no state at all: it filters nothing.
        Set<JobStatus> statuses = status == null ? null
                : status.stream().filter(Objects::nonNull).collect(Collectors.toSet());
        JobPage page = store.list(JobListRequest.read(query, statuses, properties.defaultPageSize(),
                properties.maxPageSize()));
        return new JobListView(page.items().stream().map(JobView::of).toList(), page.nextCursor());
    }
}
