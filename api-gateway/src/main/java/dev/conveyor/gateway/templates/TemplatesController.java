package dev.conveyor.gateway.templates;

import dev.conveyor.common.templates.JobTemplate;
import dev.conveyor.gateway.jobs.Idempotency;
import dev.conveyor.gateway.jobs.JobView;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
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
@RequestMapping("/api/v1/templates")
class TemplatesController {

    private final TemplateCatalog catalog;
    private final TemplateService templates;
    private final TemplateLaunch launches;

    TemplatesController(TemplateCatalog catalog, TemplateService templates, TemplateLaunch launches) {
        this.catalog = catalog;
        this.templates = templates;
        this.launches = launches;
    }

    @GetMapping
    TemplateListView list() {
        return new TemplateListView(catalog.all());
    }

    @GetMapping("/{id}")
    JobTemplate get(@PathVariable String id) {
        return catalog.find(id).orElseThrow(() -> new TemplateNotFoundException(id));
    }

    /** Answers 201 with version 1 once Kafka holds the template. */
    @PostMapping
    ResponseEntity<JobTemplate> create(@Valid @RequestBody TemplateRequest body, Principal caller) {
        JobTemplate template = templates.create(body, caller.getName());
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(template.id())
                .toUri();
        return ResponseEntity.created(location).body(template);
    }

    /** Replaces a template with its next version; jobs launched before keep the version they ran. */
    @PutMapping("/{id}")
    JobTemplate replace(@PathVariable String id, @Valid @RequestBody TemplateRequest body, Principal caller) {
        return templates.replace(id, body, caller.getName());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        templates.delete(id);
        return ResponseEntity.noContent().build();
    }

    /** Answers 202 with the job, as {@code POST /api/v1/jobs} does. */
    @PostMapping("/{id}/launch")
    ResponseEntity<JobView> launch(@PathVariable String id, @Valid @RequestBody(required = false) LaunchRequest body,
            @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey, Principal caller) {
        String by = caller.getName();
        var job = launches.launch(id, body, by, Idempotency.of(by, idempotencyKey, "launch " + id, body));
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/jobs/{id}")
                .buildAndExpand(job.id()).toUri();
        return ResponseEntity.accepted().location(location).body(JobView.of(job));
    }

    /** @param items every template, by id */
    record TemplateListView(List<JobTemplate> items) {
    }
}
