package dev.conveyor.gateway.templates;

import dev.conveyor.common.templates.JobTemplate;
import dev.conveyor.gateway.jobs.Idempotency;
import dev.conveyor.gateway.jobs.JobView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Job templates: typed parameters, versioned, launched into jobs. */
@RestController
@RequestMapping(path = "/api/v1/templates", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "templates", description = "Named, versioned jobs with typed parameters, launched into jobs")
class TemplatesController {

    private static final String TEMPLATE_ID = "The template's id";
    private static final String NO_SUCH_TEMPLATE = "No template has that id";

    private final TemplateCatalog catalog;
    private final TemplateService templates;
    private final TemplateLaunch launches;

    TemplatesController(TemplateCatalog catalog, TemplateService templates, TemplateLaunch launches) {
        this.catalog = catalog;
        this.templates = templates;
        this.launches = launches;
    }

    @GetMapping
    @Operation(operationId = "listTemplates", summary = "List templates", description = """
            Every template, the newest version of each.

            Role: `viewer`, `operator` or `admin`.""")
    @ApiResponse(responseCode = "200", description = "Every template")
    TemplateListView list() {
        return new TemplateListView(catalog.all());
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getTemplate", summary = "Read a template", description = """
            The newest version of the template.

            Role: `viewer`, `operator` or `admin`.""")
    @ApiResponse(responseCode = "200", description = "The template")
    @ApiResponse(responseCode = "404", description = NO_SUCH_TEMPLATE)
    JobTemplate get(@Parameter(description = TEMPLATE_ID) @PathVariable String id) {
        return catalog.find(id).orElseThrow(() -> new TemplateNotFoundException(id));
    }

    /** Answers 201 with version 1 once Kafka holds the template. */
    @PostMapping
    @Operation(operationId = "createTemplate", summary = "Create a template", description = """
            Answers `201` with version 1 once Kafka holds the template. `params` are the job's \
            parameters, with `${name}` placeholders for what a launch sets; `parameters` is a JSON \
            Schema (2020-12 subset) of those: `type`, `enum`, `default`, bounds, `pattern`, and \
            `writeOnly` for secrets, which are sealed before they leave the gateway.

            Role: `admin`.""")
    @ApiResponse(responseCode = "201", description = "Created: Kafka holds version 1")
    @ApiResponse(responseCode = "409", description = "A template with that id exists")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the template in time, or it has "
            + "secret parameters and no secrets key is configured")
    ResponseEntity<JobTemplate> create(@Valid @RequestBody TemplateRequest body, Principal caller) {
        JobTemplate template = templates.create(body, caller.getName());
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(template.id())
                .toUri();
        return ResponseEntity.created(location).body(template);
    }

    /** Replaces a template with its next version; jobs launched before keep the version they ran. */
    @PutMapping("/{id}")
    @Operation(operationId = "replaceTemplate", summary = "Replace a template", description = """
            Makes the next version of the template. Jobs launched before keep the version they ran.

            Role: `admin`.""")
    @ApiResponse(responseCode = "200", description = "The new version, once Kafka holds it")
    @ApiResponse(responseCode = "404", description = NO_SUCH_TEMPLATE)
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the template in time")
    JobTemplate replace(@Parameter(description = TEMPLATE_ID) @PathVariable String id, @Valid @RequestBody TemplateRequest body, Principal caller) {
        return templates.replace(id, body, caller.getName());
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteTemplate", summary = "Delete a template", description = """
            Deletes every version; jobs launched from it keep what they ran.

            Role: `admin`.""")
    @ApiResponse(responseCode = "204", description = "Deleted, once Kafka holds the deletion")
    @ApiResponse(responseCode = "404", description = NO_SUCH_TEMPLATE)
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the deletion in time")
    ResponseEntity<Void> delete(@Parameter(description = TEMPLATE_ID) @PathVariable String id) {
        templates.delete(id);
        return ResponseEntity.noContent().build();
    }

    /** Answers 202 with the job, as {@code POST /api/v1/jobs} does. */
    @PostMapping("/{id}/launch")
    @Operation(operationId = "launchTemplate", summary = "Launch a template", description = """
            Queues a job from the newest version of the template: `params` are checked against its \
            schema and merged with its defaults; `labels` are added to the template's. Answers `202` \
            with the job, as a submit does; the job records the template version it ran.

            Role: `operator` or `admin`.""")
    @ApiResponse(responseCode = "202", description = "Queued: Kafka holds the job")
    @ApiResponse(responseCode = "404", description = NO_SUCH_TEMPLATE)
    @ApiResponse(responseCode = "409", description = "The same Idempotency-Key was used for another request")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the job in time: it is "
            + "not known to be queued, and may be. Send the same request with the same Idempotency-Key after "
            + "`Retry-After` seconds to queue it exactly once.")
    ResponseEntity<JobView> launch(@Parameter(description = TEMPLATE_ID) @PathVariable String id,
            @Valid @RequestBody(required = false) LaunchRequest body,
            @Parameter(description = "Makes a retry safe: the same key and body answer the job the first request "
                    + "made") @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey,
            Principal caller) {
        String by = caller.getName();
        var job = launches.launch(id, body, by, idempotencyKey);
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/jobs/{id}")
                .buildAndExpand(job.id()).toUri();
        return ResponseEntity.accepted().location(location).body(JobView.of(job));
    }

    /** @param items every template, by id */
    record TemplateListView(List<JobTemplate> items) {
    }
}
