package dev.conveyor.worker.profiles;

import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.jobs.JobError;
import dev.conveyor.worker.execution.Checks;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.targets.TargetRefusedException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * One check of a profile job, bounded by its timeout whatever the check does: a check that does
 * not end in time is interrupted and reported {@code error}, and one that throws is an
 * {@code error} too, so one bad target never takes its run down.
 */
final class TimedCheck {

    private final Checks checks;
    private final JobContext job;

    TimedCheck(Checks checks, JobContext job) {
        this.checks = checks;
        this.job = job;
    }

    CheckResult run(String type, JsonNode params, Duration timeout) throws InterruptedException {
        // A profile's checks report nothing line by line: the job reports per target instead.
        JobContext context = new JobContext(job.jobId(), job.attempt(), timeout, event -> { }, job.clock(), job.queue(),
                job.redaction());
        long start = System.nanoTime();
        FutureTask<CheckResult> check = new FutureTask<>(() -> checks.run(type, params, context));
        Thread.ofVirtual().name("check-" + type).start(check);
        try {
            return check.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            check.cancel(true);
            return CheckResult.error("no answer within " + timeout, null, elapsed(start));
        } catch (ExecutionException e) {
            // A target outside the job's scope is an error of that check alone: the others still run.
            return CheckResult.error(e.getCause() instanceof TargetRefusedException refused ? refused.getMessage()
                    : JobError.describe(e.getCause()), null, elapsed(start));
        } catch (InterruptedException e) {
            check.cancel(true);
            throw e;
        }
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
