package dev.conveyor.worker.execution;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.JobParams;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.worker.system.WorkerProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Runs one job request: publishes {@code RUNNING}, runs the executor under the job's timeout, and
 * publishes the final state. Each job runs on its own virtual thread.
 */
@Component
public class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final ExecutorRegistry executors;
    private final SnapshotPublisher snapshots;
    private final ExecutorService threads;
    private final WorkerProperties properties;
    private final Clock clock;

    JobRunner(ExecutorRegistry executors, SnapshotPublisher snapshots, ExecutorService jobThreads,
            WorkerProperties properties, Clock clock) {
        this.executors = executors;
        this.snapshots = snapshots;
        this.threads = jobThreads;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Starts a job. The future completes once the job's final snapshot is acknowledged by Kafka,
     * and completes exceptionally if the worker stopped before that (the job is then released).
     */
    public CompletableFuture<Void> run(JobRequest request) {
        return CompletableFuture.runAsync(() -> {
            try (var ignored = MDC.putCloseable("jobId", request.id())) {
                runToTheEnd(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException("worker stopped before job " + request.id() + " ended", e);
            } catch (RuntimeException e) {
                log.error("Job {} released without a result; it will run again", request.id(), e);
                throw e;
            }
        }, threads);
    }

    private void runToTheEnd(JobRequest request) throws InterruptedException {
        JobSnapshot running = JobSnapshot.running(request, properties.id(), clock.instant());
        // Not awaited: the final snapshot goes through the same producer to the same partition, after it.
        snapshots.publish(running);
        JobSnapshot end = attempt(request, running);
        snapshots.publishUntilAcknowledged(end);
        long millis = Duration.between(running.startedAt(), end.finishedAt()).toMillis();
        if (end.error() == null) {
            log.info("{} job {} after {} ms", request.type(), end.status(), millis);
        } else {
            log.info("{} job {} after {} ms: {}", request.type(), end.status(), millis, end.error().message());
        }
    }

    private JobSnapshot attempt(JobRequest request, JobSnapshot running) throws InterruptedException {
        JobExecutor<?> executor = executors.forType(request.type()).orElse(null);
        if (executor == null) {
            return failed(running, new JobError("unknown-type", "this worker cannot run jobs of type '"
                    + request.type() + "'"));
        }
        JobParams params;
        try {
            params = JobTypes.parse(request.type(), request.params());
        } catch (InvalidJobException e) {
            return failed(running, new JobError("invalid-params", e.getMessage()));
        }
        Duration timeout = timeoutOf(request);
        JobContext context = new JobContext(request.id(), request.attempt(), timeout);
        Future<JsonNode> work = threads.submit(() -> {
            try (var ignored = MDC.putCloseable("jobId", request.id())) {
                return call(executor, params, context);
            }
        });
        try {
            return running.toSucceeded(work.get(timeout.toNanos(), TimeUnit.NANOSECONDS), clock.instant());
        } catch (TimeoutException e) {
            work.cancel(true);
            return running.toUnsuccessful(JobStatus.TIMED_OUT,
                    new JobError("timeout", "ran longer than its timeout of " + timeout), clock.instant());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return failed(running, cause instanceof JobFailedException f ? f.error() : JobError.of(cause));
        } catch (InterruptedException e) {
            work.cancel(true);
            throw e;
        }
    }

    private Duration timeoutOf(JobRequest request) {
        Duration asked = request.timeout() != null ? request.timeout() : properties.defaultTimeout();
        return asked.compareTo(properties.maxTimeout()) > 0 ? properties.maxTimeout() : asked;
    }

    private JobSnapshot failed(JobSnapshot running, JobError error) {
        return running.toUnsuccessful(JobStatus.FAILED, error, clock.instant());
    }

    private static <P extends JobParams> JsonNode call(JobExecutor<P> executor,
            JobParams params, JobContext context) throws Exception {
        return executor.execute(executor.paramsType().cast(params), context);
    }
}
