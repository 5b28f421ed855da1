package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.common.types.Violation;
import dev.conveyor.gateway.store.JobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Runs a job again as a new submission under today's rules, never as a copy of what was allowed
 * once: a job launched from a template is launched again from that template's current version
 * ({@link TemplateJobs}); any other job is checked as a submit of it would be now (its queue,
 * timeout and target scope), and a {@code command} job without a template is refused.
 */
@Service
class JobRelaunch {

    private final JobStore store;
    private final JobRequestFactory requests;
    private final TemplateJobs templates;
    private final JobQueueing queueing;
    private final SecretBox secrets;

    JobRelaunch(JobStore store, JobRequestFactory requests, TemplateJobs templates, JobQueueing queueing,
            SecretBox secrets) {
        this.store = store;
        this.requests = requests;
        this.templates = templates;
        this.queueing = queueing;
        this.secrets = secrets;
    }

    /**
     * @param byAdmin whether the caller may write templates
     * @param onlyFailed only the failed and erred checks of a profile job
     * @throws RelaunchRefusedException when the job may not run again today
     */
    JobSnapshot relaunch(String jobId, String by, boolean byAdmin, Idempotency idempotency, boolean onlyFailed) {
        JobSnapshot old = store.find(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
        String id = idempotency == null ? UUID.randomUUID().toString() : idempotency.jobId(0);
        String digest = Optional.ofNullable(idempotency).map(Idempotency::digest).orElse(null);
        JobRequest request = old.origin().templateId() == null ? submittedAgain(old, id, by, digest)
                : templates.relaunch(old, id, by, byAdmin, digest);
        if (onlyFailed) {
            request = request.withParams(FailedChecks.onlyFailed(old, request.params()));
        }
        return queueing.queue(List.of(request), idempotency).getFirst();
    }

    private JobRequest submittedAgain(JobSnapshot old, String id, String by, String digest) {
        if (JobRequestFactory.COMMAND.equals(old.type())) {
            throw RelaunchRefusedException.commandWithoutTemplate(old.id());
        }
        boolean sealed = SecretBox.holdsSecrets(old.params());
        JsonNode params = sealed ? secrets.open(old.params(), old.id()) : old.params();
        List<Violation> violations = new ArrayList<>();
        JobRequest request = requests.create(new SubmitJobRequest(old.type(), params, old.queue(), old.timeout(),
                old.labels(), old.retry()), id, by, new JobOrigin(null, null, old.id(), digest), "", violations);
        if (request == null) {
            throw RelaunchRefusedException.invalidToday(old.id(), violations);
        }
        // A sealed secret is bound to its job: the new job gets it sealed anew.
        return sealed ? request.withParams(secrets.reseal(old.params(), old.id(), id)) : request;
    }
}
