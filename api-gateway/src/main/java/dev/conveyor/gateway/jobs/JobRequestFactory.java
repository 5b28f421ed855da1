package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.RetryPolicy;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.targets.JobTargets;
import dev.conveyor.common.targets.TargetScopes;
import dev.conveyor.common.targets.TargetsProperties;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.JobParams;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.common.types.Violation;
import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Turns a submitted job into the request a worker runs, checking everything a worker would refuse,
 * a check's target outside its queue's scope ({@code conveyor.targets}) included.
 */
@Component
public class JobRequestFactory {

    /**
     * The job type that runs an executable on a worker: only what an admin put in a template may,
     * never what an operator submits.
     */
    static final String COMMAND = "command";

    private final GatewayProperties properties;
    private final TargetScopes scopes;
    private final Clock clock;

    JobRequestFactory(GatewayProperties properties, TargetsProperties targets, Clock clock) {
        this.properties = properties;
        this.scopes = new TargetScopes(targets);
        this.clock = clock;
    }

    /**
     * @param origin how the job came to be; only a job launched from a template may be a {@code command}
     * @param at where the job is in the request body, as a JSON pointer ({@code ""} for a single job)
     * @param violations where the job's problems are added, pointing into the request body
     * @return the request, or {@code null} when the job has problems
     */
    public JobRequest create(SubmitJobRequest job, String id, String submittedBy, JobOrigin origin, String at,
            List<Violation> violations) {
        String queue = job.queue() == null ? properties.defaultQueue() : job.queue();
        List<Violation> problems = new ArrayList<>(settingsProblems(queue, job.timeout(), null));
        JobParams params = null;
        if (COMMAND.equals(job.type()) && origin.templateId() == null) {
            problems.add(new Violation("/type", "command jobs run only from a template an admin wrote:"
                    + " POST /api/v1/templates/{id}/launch"));
        } else {
            try {
                params = JobTypes.parse(job.type(), job.params());
                // What the worker would refuse before it connects, as far as it shows before resolving.
                JobTargets.refusals(params, scopes.forQueue(queue))
                        .forEach(v -> problems.add(new Violation("/params" + v.pointer(), v.message())));
            } catch (InvalidJobException e) {
                problems.addAll(e.violations());
            }
        }
        problems.addAll(settingsProblems(null, null, job.retry()));
        problems.forEach(v -> violations.add(new Violation(at + v.pointer(), v.message())));
        if (!problems.isEmpty()) {
            return null;
        }
        RetryPolicy retry = job.retry() == null ? properties.defaultRetry() : job.retry();
        return new JobRequest(id, job.type(), ConveyorJson.mapper().valueToTree(params), queue, job.timeout(), 1,
                job.labels(), submittedBy, now(), retry, null, origin);
    }

    /** What is wrong with a job's queue, timeout and retry policy (each may be {@code null}: the default). */
    public List<Violation> settingsProblems(String queue, Duration timeout, RetryPolicy retry) {
        List<Violation> problems = new ArrayList<>();
        if (queue != null && !properties.queues().contains(queue)) {
            problems.add(new Violation("/queue", "unknown queue '" + queue + "'; this gateway accepts "
                    + properties.queues()));
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero() || timeout.compareTo(properties.maxTimeout()) > 0)) {
            problems.add(new Violation("/timeout", "must be more than PT0S and at most " + properties.maxTimeout()));
        }
        if (retry != null) {
            problems.addAll(retry.problems("/retry"));
        }
        return problems;
    }

    /** Submission times keep microseconds, what the store keeps, so a listed job compares equal to a fetched one. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
