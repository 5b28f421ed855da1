package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;

/**
 * What the templates feature does for the jobs launched from a template: it alone knows the
 * templates, so it alone can tell whether such a job may run again.
 */
public interface TemplateJobs {

    /**
     * The request that runs again what template job {@code old} ran: a launch, today, of its
     * template's current version with the values {@code old} was launched with.
     *
     * @param id the new job's id
     * @param by who relaunches it
     * @param byAdmin whether the caller may write templates
     * @param requestDigest the digest of the relaunch's {@code Idempotency-Key} request, or {@code null}
     * @throws RelaunchRefusedException when its template was deleted, no longer makes what it ran,
     *     or what it makes no longer passes a submission's checks
     */
    JobRequest relaunch(JobSnapshot old, String id, String by, boolean byAdmin, String requestDigest);
}
