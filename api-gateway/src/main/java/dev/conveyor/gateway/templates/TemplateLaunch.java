package dev.conveyor.gateway.templates;

import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.common.templates.CommandArguments;
import dev.conveyor.common.templates.InvalidTemplateException;
import dev.conveyor.common.templates.JobTemplate;
import dev.conveyor.common.templates.ParameterSchema;
import dev.conveyor.common.templates.TemplateParams;
import dev.conveyor.common.types.Violation;
import dev.conveyor.gateway.jobs.Idempotency;
import dev.conveyor.gateway.jobs.JobQueueing;
import dev.conveyor.gateway.jobs.JobRequestFactory;
import dev.conveyor.gateway.jobs.SubmitJobRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Launches a template: checks the launch's values against the template's parameter schema (and,
 * for a {@code command}, that none escapes its slot in the argument vector), makes the job's
 * parameters, checks those as any submitted job's, seals the secrets and queues the job, which
 * records the template version it ran.
 */
@Service
class TemplateLaunch {

    /** Marks a secret value replaced by its fingerprint in what a digest reads. */
    private static final String FINGERPRINT = "fingerprint:";

    private final TemplateCatalog catalog;
    private final JobRequestFactory requests;
    private final JobQueueing queueing;
    private final SecretBox secrets;

    TemplateLaunch(TemplateCatalog catalog, JobRequestFactory requests, JobQueueing queueing, SecretBox secrets) {
        this.catalog = catalog;
        this.requests = requests;
        this.queueing = queueing;
        this.secrets = secrets;
    }

    /**
     * @param idempotencyKey the request's {@code Idempotency-Key}, or {@code null}
     */
    JobSnapshot launch(String templateId, LaunchRequest body, String by, String idempotencyKey) {
        JobTemplate template = catalog.find(templateId).orElseThrow(() -> new TemplateNotFoundException(templateId));
        ParameterSchema schema = ParameterSchema.of(template.parameters(), "/parameters");
        ObjectNode values = schema.values(body == null ? null : body.params(), "/params");
        CommandArguments.requireWithinSlots(template, values, "/params");
        TemplateParams.Resolved resolved = TemplateParams.resolve(template.params(), values, schema.secrets());
        // A secret's fingerprint, for an Idempotency-Key's digest, needs a key as much as sealing it does.
        boolean fingerprints = idempotencyKey != null
                && schema.secrets().stream().anyMatch(name -> givenValue(body, name) != null);
        if ((!resolved.secretPointers().isEmpty() || fingerprints) && !secrets.hasKeys()) {
            throw new SecretsNotConfiguredException(templateId);
        }
        Idempotency idempotency = idempotencyKey == null ? null
                : Idempotency.of(by, idempotencyKey, "launch " + templateId, fingerprinted(body, schema.secrets()));
        Map<String, String> labels = new HashMap<>(template.labels());
        if (body != null && body.labels() != null) {
            labels.putAll(body.labels());
        }
        String id = idempotency == null ? UUID.randomUUID().toString() : idempotency.jobId(0);
        JobOrigin origin = new JobOrigin(template.id(), template.version(), null,
                idempotency == null ? null : idempotency.digest());
        List<Violation> violations = new ArrayList<>();
        JobRequest request = requests.create(new SubmitJobRequest(template.type(), resolved.params(), template.queue(),
                template.timeout(), labels, template.retry()), id, by, origin, "", violations);
        if (request == null) {
            // The template's own parameters are fixed: a problem here is the launch's values, or the template's.
            throw new InvalidTemplateException(violations.stream()
                    .map(v -> new Violation(v.pointer(), v.message() + " (after filling the template's parameters)"))
                    .toList());
        }
        return queueing.queue(List.of(SealedParams.of(secrets, request, resolved.secretPointers())), idempotency)
                .getFirst();
    }

    /**
     * The body as its digest sees it: each secret value replaced by its keyed fingerprint. The
     * digest goes into the job's origin, on Kafka and in the stores; a plain hash of a clear-text
     * secret there would let anyone who reads it confirm a guess offline. Equal values still give
     * equal digests, so a retry is still told from another request.
     */
    private Object fingerprinted(LaunchRequest body, Set<String> secretNames) {
        if (body == null || body.params() == null || !body.params().isObject()
                || secretNames.stream().allMatch(name -> givenValue(body, name) == null)) {
            return body;
        }
        ObjectNode params = (ObjectNode) body.params().deepCopy();
        for (String name : secretNames) {
            JsonNode value = givenValue(body, name);
            if (value != null) {
                params.put(name, FINGERPRINT + secrets.fingerprint(value.isString() ? value.asString() : value.toString()));
            }
        }
        return new LaunchRequest(params, body.labels());
    }

    private static JsonNode givenValue(LaunchRequest body, String name) {
        JsonNode value = body == null || body.params() == null ? null : body.params().get(name);
        return value == null || value.isNull() ? null : value;
    }
}
