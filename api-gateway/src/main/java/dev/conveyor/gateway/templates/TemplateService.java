package dev.conveyor.gateway.templates;

import dev.conveyor.common.templates.InvalidTemplateException;
import dev.conveyor.common.templates.JobTemplate;
import dev.conveyor.common.templates.ParameterSchema;
import dev.conveyor.common.templates.TemplateParams;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.common.types.Violation;
import dev.conveyor.gateway.jobs.JobRequestFactory;
import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/** Creates, changes and deletes templates: checked here, stored on the templates topic. */
@Service
class TemplateService {

    private static final Logger log = LoggerFactory.getLogger(TemplateService.class);

    private final TemplateCatalog catalog;
    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    private final JobRequestFactory jobs;
    private final GatewayProperties properties;
    private final Clock clock;

    TemplateService(TemplateCatalog catalog, KafkaTemplate<String, Object> kafka, Topics topics, JobRequestFactory jobs,
            GatewayProperties properties, Clock clock) {
        this.catalog = catalog;
        this.kafka = kafka;
        this.topics = topics;
        this.jobs = jobs;
        this.properties = properties;
        this.clock = clock;
    }

    /** A new template, version 1; 409 when the id is taken. */
    synchronized JobTemplate create(TemplateRequest body, String by) {
        if (body.id() == null) {
            throw new InvalidTemplateException(List.of(new Violation("/id", "is required, e.g. \"nightly-health\"")));
        }
        if (catalog.find(body.id()).isPresent()) {
            throw new TemplateConflictException(body.id());
        }
        return save(body.id(), 1, body, by);
    }

    /** The next version of an existing template; 404 when there is none. */
    synchronized JobTemplate replace(String id, TemplateRequest body, String by) {
        JobTemplate known = catalog.find(id).orElseThrow(() -> new TemplateNotFoundException(id));
        if (body.id() != null && !body.id().equals(id)) {
            throw new InvalidTemplateException(List.of(new Violation("/id", "must be the path's id '" + id
                    + "' or absent; a template is not renamed")));
        }
        return save(id, known.version() + 1, body, by);
    }

    /** Deletes a template; jobs launched from it keep its id and version. */
    synchronized void delete(String id) {
        catalog.find(id).orElseThrow(() -> new TemplateNotFoundException(id));
        send(id, null);
        catalog.remove(id);
        log.info("Deleted template {}", id);
    }

    private JobTemplate save(String id, long version, TemplateRequest body, String by) {
        check(body);
        JobTemplate template = new JobTemplate(id, version, body.description(), body.type(), body.params(),
                body.parameters() == null ? null : ParameterSchema.of(body.parameters(), "/parameters").asJson(),
                body.queue(), body.timeout(), body.retry(), body.labels(), by, clock.instant());
        send(id, template);
        catalog.put(template);
        log.info("Saved template {} version {}", id, version);
        return template;
    }

    private void check(TemplateRequest body) {
        List<Violation> problems = new ArrayList<>();
        if (!JobTypes.isKnown(body.type())) {
            problems.add(new Violation("/type", "unknown job type '" + body.type() + "'; known types: " + JobTypes.names()));
        }
        if (body.params() != null && !body.params().isNull() && !body.params().isObject()) {
            problems.add(new Violation("/params", "must be a JSON object"));
        }
        problems.addAll(jobs.settingsProblems(body.queue(), body.timeout(), body.retry()));
        try {
            ParameterSchema schema = ParameterSchema.of(body.parameters(), "/parameters");
            problems.addAll(TemplateParams.undeclared(body.params(), schema.names(), "/params"));
        } catch (InvalidTemplateException e) {
            problems.addAll(e.violations());
        }
        if (!problems.isEmpty()) {
            throw new InvalidTemplateException(problems);
        }
    }

    private void send(String id, JobTemplate template) {
        try {
            kafka.send(topics.templates(), id, template).get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new TemplateNotSavedException(id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemplateNotSavedException(id, e);
        }
    }
}
