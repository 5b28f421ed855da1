package dev.conveyor.gateway.templates;

import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.common.templates.CommandArguments;
import dev.conveyor.common.templates.InvalidTemplateException;
import dev.conveyor.common.templates.JobTemplate;
import dev.conveyor.common.templates.ParameterSchema;
import dev.conveyor.common.templates.TemplateParams;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.common.types.Violation;
import dev.conveyor.gateway.jobs.JobRequestFactory;
import dev.conveyor.gateway.jobs.RelaunchRefusedException;
import dev.conveyor.gateway.jobs.SubmitJobRequest;
import dev.conveyor.gateway.jobs.TemplateJobs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relaunches a job launched from a template as a launch of the template's current version, with
 * the values read back from the job ({@link LaunchValues}). It runs only when that launch makes
 * exactly what the job ran: so a template that was deleted, or changed what it runs, is never
 * revived by a relaunch, and neither is a job whose parameters no launch of it could have made.
 * The new job records the version it runs; a change that left what the template runs alone (its
 * description, labels, timeout, retry, queue) applies to it as to any launch.
 */
@Service
class TemplateRelaunch implements TemplateJobs {

    private static final Logger log = LoggerFactory.getLogger(TemplateRelaunch.class);

    private final TemplateCatalog catalog;
    private final JobRequestFactory requests;
    private final SecretBox secrets;

    TemplateRelaunch(TemplateCatalog catalog, JobRequestFactory requests, SecretBox secrets) {
        this.catalog = catalog;
        this.requests = requests;
        this.secrets = secrets;
    }

    @Override
    public JobRequest relaunch(JobSnapshot old, String id, String by, boolean byAdmin, String requestDigest) {
        String templateId = old.origin().templateId();
        JobTemplate template = catalog.find(templateId)
                .orElseThrow(() -> RelaunchRefusedException.templateDeleted(old.id(), templateId));
        JsonNode ran = SecretBox.holdsSecrets(old.params()) ? secrets.open(old.params(), old.id()) : old.params();
        ParameterSchema schema = ParameterSchema.of(template.parameters(), "/parameters");
        ObjectNode values = valuesOf(template, schema, ran).orElseThrow(() -> notMade(old, template, byAdmin));
        try {
            // A launch today could not give these values: neither can a relaunch.
            CommandArguments.requireWithinSlots(template, values, "/params");
        } catch (InvalidTemplateException e) {
            throw RelaunchRefusedException.invalidToday(old.id(), e.violations());
        }
        TemplateParams.Resolved launch = TemplateParams.resolve(template.params(), values, schema.secrets());
        Map<String, String> labels = new HashMap<>(template.labels());
        labels.putAll(old.labels() == null ? Map.of() : old.labels());
        List<Violation> violations = new ArrayList<>();
        JobRequest request = requests.create(new SubmitJobRequest(template.type(), launch.params(), template.queue(),
                template.timeout(), labels, template.retry()), id, by,
                new JobOrigin(template.id(), template.version(), old.id(), requestDigest), "", violations);
        if (request == null) {
            throw RelaunchRefusedException.invalidToday(old.id(), violations);
        }
        if (!template.type().equals(old.type()) || !request.params().equals(normalized(old.type(), ran))) {
            throw notMade(old, template, byAdmin);
        }
        if (!launch.secretPointers().isEmpty() && !secrets.hasKeys()) {
            throw new SecretsNotConfiguredException(templateId);
        }
        return SealedParams.of(secrets, request, launch.secretPointers());
    }

    /** The values read back from the job, as a launch of the template's current version takes them, if they fit its schema. */
    private static Optional<ObjectNode> valuesOf(JobTemplate template, ParameterSchema schema, JsonNode ran) {
        return LaunchValues.readBack(template.params(), schema, ran).flatMap(given -> {
            try {
                return Optional.of(schema.values(given, "/params"));
            } catch (InvalidTemplateException e) {
                return Optional.empty();
            }
        });
    }

    /** The parameters as a submission stores them, for a comparison that ignores how they were written. */
    private static JsonNode normalized(String type, JsonNode params) {
        try {
            return ConveyorJson.mapper().valueToTree(JobTypes.parse(type, params));
        } catch (InvalidJobException e) {
            return params;
        }
    }

    private static RelaunchRefusedException notMade(JobSnapshot old, JobTemplate template, boolean byAdmin) {
        log.info("Relaunch of job {} refused: template {} version {} does not make what it ran (version {})",
                old.id(), template.id(), template.version(), old.origin().templateVersion());
        return byAdmin ? RelaunchRefusedException.templateChanged(old.id(), template.id(), template.version())
                : RelaunchRefusedException.roleTooLow(old.id(), template.id(), template.version());
    }
}
