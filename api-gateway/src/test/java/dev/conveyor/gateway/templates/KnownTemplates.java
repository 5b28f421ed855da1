package dev.conveyor.gateway.templates;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.common.templates.JobTemplate;
import dev.conveyor.gateway.jobs.JobRequestFactory;
import dev.conveyor.gateway.jobs.TemplateJobs;

/**
 * The templates a test of another feature needs, without Kafka: a catalog it writes into directly,
 * and the real relaunch of the jobs launched from them.
 */
public final class KnownTemplates implements TemplateJobs {

    private final TemplateCatalog catalog = new TemplateCatalog();
    private final TemplateRelaunch relaunch;

    public KnownTemplates(JobRequestFactory requests, SecretBox secrets) {
        this.relaunch = new TemplateRelaunch(catalog, requests, secrets);
    }

    /** A new template, or a template's next version, as an admin's PUT makes it. */
    public void put(JobTemplate template) {
        catalog.put(template);
    }

    public void delete(String id) {
        catalog.remove(id);
    }

    /** No template at all, as before a test. */
    public void clear() {
        catalog.forgetAll();
    }

    @Override
    public JobRequest relaunch(JobSnapshot old, String id, String by, boolean byAdmin, String requestDigest) {
        return relaunch.relaunch(old, id, by, byAdmin, requestDigest);
    }
}
