package dev.conveyor.gateway.reports;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.jobs.PackedResult;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.profiles.ProfileReport;
import dev.conveyor.gateway.system.InvalidQueryException;
import dev.conveyor.gateway.jobs.JobNotFoundException;
import dev.conveyor.gateway.store.JobStore;
import java.nio.charset.StandardCharsets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The compliance report of a finished profile job, in JSON, JUnit XML or HTML. */
@RestController
@Tag(name = "jobs")
class ReportsController {

    private final JobStore store;
    private final HtmlReport html;

    ReportsController(JobStore store, HtmlReport html) {
        this.store = store;
        this.html = html;
    }

    @GetMapping(path = "/api/v1/jobs/{id}/report", produces = {MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_HTML_VALUE})
    @Operation(operationId = "getJobReport", summary = "Read a profile job's report", description = """
            The compliance report of a `profile` job that succeeded: every check rolled up per \
            target and per control, with the score. `format=json` (the default) is the report as \
            data; `junit` is JUnit XML for CI systems (a testsuite per target, a testcase per \
            control); `html` is one self-contained page for people.

            Role: `viewer`, `operator` or `admin`.""")
    @ApiResponse(responseCode = "200", description = "The report", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ProfileReport.class)),
            @Content(mediaType = MediaType.APPLICATION_XML_VALUE, schema = @Schema(type = "string")),
            @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "404", description = "This gateway knows no job with that id")
    @ApiResponse(responseCode = "409", description = "The job is no profile job, or has no report yet (it has not "
            + "succeeded)")
    ResponseEntity<?> report(@Parameter(description = "The job's id") @PathVariable String id,
            @Parameter(description = "`json` (default), `junit` or `html`") @RequestParam(required = false)
            String format) {
        ReportFormat as = ReportFormat.of(format);
        JobSnapshot job = store.find(id).orElseThrow(() -> new JobNotFoundException(id));
        ProfileReport report = reportOf(job);
        return switch (as) {
            case JSON -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
            case JUNIT -> ResponseEntity.ok().contentType(MediaType.APPLICATION_XML)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + id + "-junit.xml\"")
                    .body(JunitReport.of(report));
            case HTML -> ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                    .body(html.of(report, id, job.finishedAt()));
        };
    }

    private static ProfileReport reportOf(JobSnapshot job) {
        if (!"profile".equals(job.type())) {
            throw conflict("job " + job.id() + " is a '" + job.type() + "' job: only profile jobs have reports");
        }
        if (job.status() != JobStatus.SUCCEEDED || job.result() == null) {
            throw conflict("job " + job.id() + " is " + job.status() + ": its report is there once it has succeeded");
        }
        return ConveyorJson.mapper().treeToValue(PackedResult.unpacked(job.result()), ProfileReport.class);
    }

    private static ErrorResponseException conflict(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle("No report");
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }

    /** The report formats, as {@code format} names them. */
    enum ReportFormat {
        JSON, JUNIT, HTML;

        static ReportFormat of(String format) {
            if (format == null || format.isBlank()) {
                return JSON;
            }
            for (ReportFormat known : values()) {
                if (known.name().equalsIgnoreCase(format.strip())) {
                    return known;
                }
            }
            throw new InvalidQueryException("format", "'" + format + "' is not a report format: json, junit or html");
        }
    }
}
