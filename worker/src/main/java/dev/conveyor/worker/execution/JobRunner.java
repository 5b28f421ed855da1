package dev.conveyor.worker.execution;

import dev.conveyor.common.jobs.CancelRequest;
import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobLogContext;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.common.secrets.SecretsUnavailableException;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.JobParams;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.worker.system.WorkerProperties;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Runs one job request to its end: skips it if canceled, refuses it if no worker could run it,
 * runs the executor under the job's timeout, publishes {@code RUNNING} if it runs longer than
 * {@code conveyor.worker.running-snapshot-after}, and hands the result to {@link JobEndings}. Each
 * job's runner is a virtual thread of its own.
 *
 * <p>A short job thus has one snapshot, its end. The {@code RUNNING} snapshot, when there is one,
 * is sent from the runner's own thread before the end is, through the same producer to the same
 * partition, so it always precedes the end on the results topic.
 */
@Component
public class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /**
     * Attempts cut short by a dying worker come on top of the retry policy's, up to this many: a
     * job survives a few crashes, but one that kills every worker it lands on ends.
     */
    static final int WORKERS_A_JOB_MAY_OUTLIVE = 3;

    private final ExecutorRegistry executors;
    private final JobEndings endings;
    private final SnapshotPublisher snapshots;
    private final RunningJobs running;
    private final CanceledJobs canceled;
    private final JobThreads threads;
    private final WorkerProperties properties;
    private final Clock clock;
    private final SecretBox secrets;
    private final JobContext.JobEventSink events;
    private final JobMetrics metrics;
    private final JobTracing tracing;

    JobRunner(ExecutorRegistry executors, JobEndings endings, SnapshotPublisher snapshots, RunningJobs running,
            CanceledJobs canceled, JobThreads threads, WorkerProperties properties, Clock clock, SecretBox secrets,
            JobContext.JobEventSink events, JobMetrics metrics, JobTracing tracing) {
        this.secrets = secrets;
        this.events = events;
        this.metrics = metrics;
        this.tracing = tracing;
        this.executors = executors;
        this.endings = endings;
        this.snapshots = snapshots;
        this.running = running;
        this.canceled = canceled;
        this.threads = threads;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Starts a job. The future completes once everything about the job's end is acknowledged by
     * Kafka, and completes exceptionally if the job was released first (the worker stopped, or
     * the job's partition moved to another worker): it then runs again elsewhere.
     *
     * @param span the job's span ({@link JobTracing#start}); ended here once the job is
     * @param announced called (on a Kafka client thread; it must not block) once the job's
     *     {@code RUNNING} snapshot is acknowledged; not called for a job that ends without running,
     *     nor for one that ends before its {@code RUNNING} snapshot is due
     */
    public CompletableFuture<Disposition> run(JobRequest request, Span span, Runnable announced) {
        CompletableFuture<Disposition> done = new CompletableFuture<>();
        threads.virtual().execute(() -> {
            running.started(request.id(), request.queue(), Thread.currentThread());
            Disposition disposition = null;
            RuntimeException released = null;
            try (var logged = JobLogContext.of(request); var traced = tracing.inScope(span)) {
                disposition = runToTheEnd(request, span, announced);
            } catch (InterruptedException e) {
                released = new CancellationException("job " + request.id() + " released");
            } catch (RuntimeException e) {
                log.error("Job {} released without a result; it will run again", request.id(), e);
                released = e;
            } finally {
                // Before completing: whoever learns the job ended must not still count it as running.
                running.ended(request.id());
                span.end();
            }
            if (released == null) {
                done.complete(disposition);
            } else {
                done.completeExceptionally(released);
            }
        });
        return done;
    }

    /** Releases a running job: it stops without a final state, to run again on another worker. */
    public void release(String jobId) {
        running.release(jobId);
    }

    private Disposition runToTheEnd(JobRequest request, Span span, Runnable announced) throws InterruptedException {
        CancelRequest cancel = canceled.find(request.id()).orElse(null);
        if (cancel != null) {
            return endings.skipCanceled(request, canceledBy(cancel));
        }
        if (request.attempt() > request.retry().maxAttempts() + WORKERS_A_JOB_MAY_OUTLIVE) {
            return endings.outOfAttempts(request, clock.instant());
        }
        JobExecutor<?> executor = executors.forType(request.type()).orElse(null);
        if (executor == null) {
            return endings.dead(request, new JobError("unknown-type", "no worker of this queue runs jobs of type '"
                    + request.type() + "'; known types are " + JobTypes.names()));
        }
        SecretRedaction redaction;
        JobParams params;
        try {
            // Secrets are opened here, on the thread that runs the job, and live only in its parameters.
            redaction = SecretRedaction.of(secrets.openAll(request.params(), request.id()));
        } catch (SecretsUnavailableException e) {
            return endings.dead(request, new JobError("secrets-unavailable", e.getMessage()));
        }
        try {
            params = JobTypes.parse(request.type(), secrets.open(request.params(), request.id()));
        } catch (InvalidJobException e) {
            // The message may quote an opened value: a secret that does not fit its parameter.
            return endings.dead(request, redaction.redact(new JobError("invalid-params", e.getMessage())));
        } catch (SecretsUnavailableException e) {
            return endings.dead(request, new JobError("secrets-unavailable", e.getMessage()));
        }
        JobSnapshot started = JobSnapshot.running(request, properties.id(), clock.instant());
        metrics.started(request, started.startedAt());
        // Not awaited: the end goes through the same producer to the same partition, after it.
        Runnable announce = () -> snapshots.publish(started).thenRun(announced);
        return endings.end(request, started,
                redaction.redact(attempt(request, span, executor, params, redaction, announce)));
    }

    private AttemptResult attempt(JobRequest request, Span span, JobExecutor<?> executor, JobParams params,
            SecretRedaction redaction, Runnable announce) throws InterruptedException {
        Duration timeout = timeoutOf(request);
        JobContext context = new JobContext(request.id(), request.attempt(), timeout,
                event -> events.emit(redaction.redact(event)), clock, request.queue(), redaction::redact);
        Future<JsonNode> work = threads.forWork(executor.workload()).submit(() -> {
            try (var logged = JobLogContext.of(request); var traced = tracing.inScope(span)) {
                return call(executor, params, context);
            }
        });
        running.working(request.id(), work);
        // A cancel read just before the work was registered could not interrupt it.
        canceled.find(request.id()).ifPresent(c -> work.cancel(true));
        long timeoutNanos = timeout.toNanos();
        long announceNanos = Math.min(properties.runningSnapshotAfter().toNanos(), timeoutNanos);
        try {
            JsonNode result;
            if (announceNanos == 0) {
                announce.run();
                result = work.get(timeoutNanos, TimeUnit.NANOSECONDS);
            } else {
                try {
                    result = work.get(announceNanos, TimeUnit.NANOSECONDS);
                } catch (TimeoutException stillRunning) {
                    announce.run();
                    result = work.get(timeoutNanos - announceNanos, TimeUnit.NANOSECONDS);
                }
            }
            return new AttemptResult.Passed(result);
        } catch (TimeoutException e) {
            work.cancel(true);
            return new AttemptResult.TimedOut(new JobError("timeout", "ran longer than its timeout of " + timeout));
        } catch (CancellationException e) {
            CancelRequest cancel = canceled.find(request.id()).orElseThrow(() -> e);
            return new AttemptResult.Canceled(canceledBy(cancel));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause instanceof JobFailedException f
                    ? new AttemptResult.Failed(f.error(), f.isTransient())
                    : new AttemptResult.Failed(JobError.of(cause), false);
        } catch (InterruptedException e) {
            work.cancel(true);
            throw e;
        }
    }

    private Duration timeoutOf(JobRequest request) {
        Duration asked = request.timeout() != null ? request.timeout() : properties.defaultTimeout();
        return asked.compareTo(properties.maxTimeout()) > 0 ? properties.maxTimeout() : asked;
    }

    private static JobError canceledBy(CancelRequest cancel) {
        return new JobError("canceled", "canceled by " + cancel.requestedBy());
    }

    private static <P extends JobParams> JsonNode call(JobExecutor<P> executor, JobParams params, JobContext context)
            throws Exception {
        return executor.execute(executor.paramsType().cast(params), context);
    }
}
