package dev.conveyor.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.conveyor.common.jobs.CancelRequest;
import dev.conveyor.common.jobs.JobEvent;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.jobs.RetryPolicy;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.NoopParams;
import dev.conveyor.common.types.SleepParams;
import dev.conveyor.worker.system.WorkerProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class JobRunnerTests {

    private static final Runnable NOT_WATCHED = () -> { };

    private final SnapshotPublisher publisher = mock(SnapshotPublisher.class);
    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private final JobThreads threads = new JobThreads(Executors.newVirtualThreadPerTaskExecutor(),
            Executors.newFixedThreadPool(2));
    private final RunningJobs runningJobs = new RunningJobs();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CanceledJobs canceled = new CanceledJobs(runningJobs, Clock.systemUTC());
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicBoolean startedWork = new AtomicBoolean();
    private final CountDownLatch neverReleased = new CountDownLatch(1);

    JobRunnerTests() {
        given(publisher.publish(any())).willReturn(new CompletableFuture<>());
    }

    @AfterEach
    void stopThreads() {
        threads.close();
    }

    /** Hangs until interrupted, whatever its duration: stands in for a job that overruns. */
    private JobExecutor<SleepParams> aSleeper() {
        return new JobExecutor<>() {
            public String type() {
                return "sleep";
            }

            public Class<SleepParams> paramsType() {
                return SleepParams.class;
            }

            public JsonNode execute(SleepParams params, JobContext context) throws InterruptedException {
                try {
                    startedWork.set(true);
                    neverReleased.await();
                    return null;
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
            }
        };
    }

    private JobExecutor<NoopParams> aNoop(Exception failure) {
        return new JobExecutor<>() {
            public String type() {
                return "noop";
            }

            public Class<NoopParams> paramsType() {
                return NoopParams.class;
            }

            public JsonNode execute(NoopParams params, JobContext context) throws Exception {
                if (failure != null) {
                    throw failure;
                }
                return JsonNodeFactory.instance.objectNode().put("attempt", context.attempt());
            }
        };
    }

    private JobRunner runner(JobExecutor<?>... executors) {
        return runner(Duration.ofMillis(300), executors);
    }

    /** A runner that publishes RUNNING as each job starts. */
    private JobRunner runner(Duration maxTimeout, JobExecutor<?>... executors) {
        return runner(maxTimeout, Duration.ZERO, executors);
    }

    private JobRunner runner(Duration maxTimeout, Duration runningSnapshotAfter, JobExecutor<?>... executors) {
        return runner(maxTimeout, runningSnapshotAfter, new SecretBox(List.of()), executors);
    }

    private JobRunner runner(Duration maxTimeout, Duration runningSnapshotAfter, SecretBox secrets,
            JobExecutor<?>... executors) {
        WorkerProperties properties = new WorkerProperties("w1", List.of("default"), "g", 10,
                Duration.ofMinutes(5), maxTimeout, Duration.ofSeconds(1), 10000, 2, Duration.ofSeconds(5),
                runningSnapshotAfter);
        JobMetrics metrics = new JobMetrics(meters, runningJobs, properties);
        return new JobRunner(new ExecutorRegistry(List.of(executors), List.of()),
                new JobEndings(publisher, metrics, Clock.systemUTC()), publisher, runningJobs, canceled, threads,
                properties, Clock.systemUTC(), secrets, events::add, metrics, JobTracing.untraced());
    }

    private static JobRequest aRequest(String type, String params, Duration timeout) {
        return aRequest(type, params, timeout, null, 1);
    }

    private static JobRequest aRequest(String type, String params, Duration timeout, RetryPolicy retry, int attempt) {
        return new JobRequest("j1", type, params == null ? null : ConveyorJson.mapper().readTree(params), "default",
                timeout, attempt, null, "alice", Instant.now(), retry, null, null);
    }

    private static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3, Duration.ofSeconds(2), 2.0, null, 0.0, null);

    /** The RUNNING snapshot, then every snapshot published and awaited. */
    private List<JobSnapshot> published() throws InterruptedException {
        ArgumentCaptor<JobSnapshot> running = ArgumentCaptor.forClass(JobSnapshot.class);
        ArgumentCaptor<JobSnapshot> acknowledged = ArgumentCaptor.forClass(JobSnapshot.class);
        verify(publisher).publish(running.capture());
        verify(publisher, atLeastOnce()).publishUntilAcknowledged(acknowledged.capture());
        List<JobSnapshot> all = new java.util.ArrayList<>(running.getAllValues());
        all.addAll(acknowledged.getAllValues());
        return all;
    }

    private JobSnapshot end() throws InterruptedException {
        return published().getLast();
    }

    @Test
    void aJobIsPublishedRunningThenSucceededWithItsResult() throws Exception {
        Disposition disposition = runner(aNoop(null)).run(aRequest("noop", null, null), Span.NOOP, NOT_WATCHED).get(5, TimeUnit.SECONDS);

        List<JobSnapshot> snapshots = published();
        assertThat(snapshots).extracting(JobSnapshot::status).containsExactly(JobStatus.RUNNING, JobStatus.SUCCEEDED);
        assertThat(snapshots.get(1).workerId()).isEqualTo("w1");
        assertThat(snapshots.get(1).result().get("attempt").asInt()).isEqualTo(1);
        assertThat(disposition.deadLettered()).isFalse();
        assertThat(meters.get("conveyor.jobs.completed").tags("status", "SUCCEEDED", "type", "noop", "queue", "default",
                "template", "none").counter().count()).isEqualTo(1);
        assertThat(meters.get("conveyor.job.duration").tags("status", "SUCCEEDED").timer().count()).isEqualTo(1);
        assertThat(meters.get("conveyor.job.queue.wait").tags("type", "noop").timer().count()).isEqualTo(1);
    }

    @Test
    void aJobRunningPastItsTimeoutIsInterruptedAndEndsTimedOut() throws Exception {
        runner(aSleeper()).run(aRequest("sleep", "{\"duration\":\"PT1H\"}", Duration.ofMillis(100)), Span.NOOP, NOT_WATCHED)
                .get(5, TimeUnit.SECONDS);

        JobSnapshot end = end();
        assertThat(end.status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(end.error().message()).contains("PT0.1S");
        await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
        assertThat(meters.get("conveyor.jobs.completed").tags("status", "TIMED_OUT").counter().count()).isEqualTo(1);
        assertThat(meters.get("conveyor.job.duration").tags("status", "TIMED_OUT").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(100);
    }

    @Test
    void noJobRunsLongerThanTheWorkersCapWhateverItAsksFor() throws Exception {
        runner(aSleeper()).run(aRequest("sleep", "{\"duration\":\"PT1H\"}", Duration.ofHours(1)), Span.NOOP, NOT_WATCHED)
                .get(5, TimeUnit.SECONDS);

        assertThat(end().error().message()).contains("PT0.3S");
    }

    @Test
    void aFailingExecutorEndsTheJobFailedWithItsReason() throws Exception {
        runner(aNoop(new JobFailedException("unexpected-status", "answered 404", false)))
                .run(aRequest("noop", null, null), Span.NOOP, NOT_WATCHED).get(5, TimeUnit.SECONDS);

        JobSnapshot end = end();
        assertThat(end.status()).isEqualTo(JobStatus.FAILED);
        assertThat(end.error().kind()).isEqualTo("unexpected-status");
    }

    @Test
    void anUnexpectedExceptionFailsTheJobWithItsMessage() throws Exception {
        runner(aNoop(new IllegalStateException("disk full"))).run(aRequest("noop", null, null), Span.NOOP, NOT_WATCHED).get(5, TimeUnit.SECONDS);

        assertThat(end().error().message()).isEqualTo("IllegalStateException: disk full");
    }

    @Test
    void aTypeNoWorkerCanRunIsDeadAndDeadLettered() throws Exception {
        Disposition disposition = runner(aNoop(null)).run(aRequest("report", "{}", null), Span.NOOP, NOT_WATCHED).get(5, TimeUnit.SECONDS);

        JobSnapshot end = acknowledgedOnly();
        assertThat(end.status()).isEqualTo(JobStatus.DEAD);
        assertThat(end.error().kind()).isEqualTo("unknown-type");
        assertThat(disposition.deadLetterReason()).contains("unknown-type").contains("report");
        assertThat(disposition.deadLetterKind()).isEqualTo("unknown-type");
        assertThat(meters.get("conveyor.jobs.completed").tags("status", "DEAD", "type", "report").counter().count())
                .isEqualTo(1);
    }

    @Test
    void parametersThatNoLongerValidateAreDeadAndDeadLettered() throws Exception {
        Disposition disposition = runner(aSleeper()).run(aRequest("sleep", "{}", null), Span.NOOP, NOT_WATCHED).get(5, TimeUnit.SECONDS);

        assertThat(acknowledgedOnly().error().kind()).isEqualTo("invalid-params");
        assertThat(disposition.deadLettered()).isTrue();
    }

    @Test
    void aSecretThatDoesNotFitItsParameterIsMaskedInTheDeadJobsError() throws Exception {
        SecretBox secrets = new SecretBox(List.of("k1:" + java.util.Base64.getEncoder().encodeToString(new byte[32])));
        String secret = "hunter2-hunter2";
        JsonNode params = JsonNodeFactory.instance.objectNode().set("duration", secrets.seal(secret, "j1"));
        JobRequest request = new JobRequest("j1", "sleep", params, "default", null, 1, null, "alice", Instant.now(),
                null, null, null);

        Disposition disposition = runner(Duration.ofMillis(300), Duration.ZERO, secrets, aSleeper())
                .run(request, Span.NOOP, NOT_WATCHED).get(5, TimeUnit.SECONDS);

        JobSnapshot dead = acknowledgedOnly();
        assertThat(dead.error().kind()).isEqualTo("invalid-params");
        assertThat(dead.error().message()).contains("/params/duration", SecretBox.MASK).doesNotContain("hunter2");
        assertThat(disposition.deadLetterReason()).doesNotContain("hunter2");
    }

    @Test
    void aTransientFailureWithAttemptsLeftWaitsForTheNextAttemptOnTheRetryTopic() throws Exception {
        Instant before = Instant.now();
        Disposition disposition = runner(aNoop(new JobFailedException("unreachable", "refused", true)))
                .run(aRequest("noop", null, null, THREE_ATTEMPTS, 1), Span.NOOP, NOT_WATCHED).get(5, TimeUnit.SECONDS);

        JobSnapshot retrying = end();
        assertThat(retrying.status()).isEqualTo(JobStatus.RETRYING);
        assertThat(retrying.attempt()).isEqualTo(2);
        assertThat(retrying.error().kind()).isEqualTo("unreachable");
        assertThat(retrying.nextAttemptAt()).isBetween(before.plusSeconds(2), Instant.now().plusSeconds(2));
        ArgumentCaptor<JobRequest> next = ArgumentCaptor.forClass(JobRequest.class);
        verify(publisher).publishRetryUntilAcknowledged(next.capture());
        assertThat(next.getValue().attempt()).isEqualTo(2);
        assertThat(next.getValue().notBefore()).isEqualTo(retrying.nextAttemptAt());
        assertThat(disposition.deadLettered()).isFalse();
        assertThat(meters.get("conveyor.job.retries").tags("type", "noop").counter().count()).isEqualTo(1);
        assertThat(meters.get("conveyor.job.duration").tags("status", "FAILED").timer().count()).isEqualTo(1);
        assertThat(meters.find("conveyor.jobs.completed").counters()).as("no final state yet").isEmpty();
    }

    @Test
    void theLastAttemptFailingEndsFailedAndDeadLettered() throws Exception {
        Disposition disposition = runner(aNoop(new JobFailedException("unreachable", "refused", true)))
                .run(aRequest("noop", null, null, THREE_ATTEMPTS, 3), Span.NOOP, NOT_WATCHED).get(5, TimeUnit.SECONDS);

        assertThat(end().status()).isEqualTo(JobStatus.FAILED);
        assertThat(disposition.deadLetterReason()).contains("retries exhausted after 3 attempts");
        assertThat(disposition.deadLetterKind()).isEqualTo("retries-exhausted");
        verify(publisher, never()).publishRetryUntilAcknowledged(any());
    }

    @Test
    void aFailureTheJobTypeCallsPermanentIsNotRetried() throws Exception {
        Disposition disposition = runner(aNoop(new JobFailedException("unexpected-status", "answered 404", false)))
                .run(aRequest("noop", null, null, THREE_ATTEMPTS, 1), Span.NOOP, NOT_WATCHED).get(5, TimeUnit.SECONDS);

        assertThat(end().status()).isEqualTo(JobStatus.FAILED);
        assertThat(disposition.deadLettered()).isFalse();
        verify(publisher, never()).publishRetryUntilAcknowledged(any());
    }

    @Test
    void aJobWhoseWorkersKeptDyingEndsFailedInsteadOfRunningAgain() throws Exception {
        Disposition disposition = runner(aNoop(null)).run(aRequest("noop", null, null, THREE_ATTEMPTS,
                3 + JobRunner.WORKERS_A_JOB_MAY_OUTLIVE + 1), Span.NOOP, NOT_WATCHED).get(5, TimeUnit.SECONDS);

        JobSnapshot end = acknowledgedOnly();
        assertThat(end.status()).isEqualTo(JobStatus.DEAD);
        assertThat(end.error().kind()).isEqualTo("worker-lost");
        assertThat(disposition.deadLettered()).isTrue();
        verify(publisher, never()).publish(any());
    }

    @Test
    void theStartIsAnnouncedOnceTheRunningSnapshotIsAcknowledged() throws Exception {
        CompletableFuture<org.springframework.kafka.support.SendResult<String, Object>> ack = new CompletableFuture<>();
        given(publisher.publish(any())).willReturn(ack);
        AtomicBoolean announced = new AtomicBoolean();

        CompletableFuture<Disposition> run = runner(aSleeper()).run(aRequest("sleep", "{\"duration\":\"PT1H\"}",
                null), Span.NOOP, () -> announced.set(true));
        await().atMost(Duration.ofSeconds(5)).until(startedWork::get);
        assertThat(announced).as("not before Kafka has the RUNNING snapshot").isFalse();

        ack.complete(null);
        assertThat(announced).isTrue();
        runner(aSleeper()).release("j1");
        await().atMost(Duration.ofSeconds(5)).until(run::isDone);
    }

    @Test
    void aJobThatEndsBeforeItsRunningSnapshotIsDuePublishesOnlyItsEnd() throws Exception {
        AtomicBoolean announced = new AtomicBoolean();

        runner(Duration.ofMinutes(1), Duration.ofMinutes(1), aNoop(null))
                .run(aRequest("noop", null, null), Span.NOOP, () -> announced.set(true)).get(5, TimeUnit.SECONDS);

        verify(publisher, never()).publish(any());
        assertThat(acknowledgedOnly().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(announced).as("never announced: a crash now runs it again as the same attempt").isFalse();
    }

    @Test
    void aJobRunningPastTheThresholdPublishesRunningBeforeItsEnd() throws Exception {
        AtomicBoolean announced = new AtomicBoolean();
        given(publisher.publish(any())).willReturn(CompletableFuture.completedFuture(null));

        JobExecutor<NoopParams> slowNoop = new JobExecutor<>() {
            public String type() {
                return "noop";
            }

            public Class<NoopParams> paramsType() {
                return NoopParams.class;
            }

            public JsonNode execute(NoopParams params, JobContext context) throws InterruptedException {
                new CountDownLatch(1).await(300, TimeUnit.MILLISECONDS); // a job that takes a while
                return null;
            }
        };

        runner(Duration.ofMinutes(1), Duration.ofMillis(50), slowNoop)
                .run(aRequest("noop", null, null), Span.NOOP, () -> announced.set(true)).get(5, TimeUnit.SECONDS);

        InOrder order = inOrder(publisher);
        order.verify(publisher).publish(argThat(s -> s.status() == JobStatus.RUNNING));
        order.verify(publisher).publishUntilAcknowledged(argThat(s -> s.status() == JobStatus.SUCCEEDED));
        assertThat(announced).isTrue();
    }

    @Test
    void aJobWithoutRetriesStillSurvivesItsWorkerDying() throws Exception {
        runner(aNoop(null)).run(aRequest("noop", null, null, null, 2), Span.NOOP, NOT_WATCHED).get(5, TimeUnit.SECONDS);

        assertThat(end().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aJobCanceledBeforeItStartsNeverRuns() throws Exception {
        canceled.add(new CancelRequest("j1", "bob", Instant.now()));

        runner(aSleeper()).run(aRequest("sleep", "{\"duration\":\"PT1H\"}", null), Span.NOOP, NOT_WATCHED).get(5, TimeUnit.SECONDS);

        JobSnapshot end = acknowledgedOnly();
        assertThat(end.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(end.error().message()).isEqualTo("canceled by bob");
        verify(publisher, never()).publish(any());
    }

    @Test
    void cancelingARunningJobInterruptsItsWorkAndEndsItCanceled() throws Exception {
        CompletableFuture<Disposition> run = runner(aSleeper()).run(aRequest("sleep", "{\"duration\":\"PT1H\"}",
                null), Span.NOOP, NOT_WATCHED);
        await().atMost(Duration.ofSeconds(5)).until(() -> runningJobs.count() == 1 && startedWork.get());
        assertThat(meters.get("conveyor.worker.slots").tags("state", "used").gauge().value()).isEqualTo(1);
        assertThat(meters.get("conveyor.worker.slots").tags("state", "free").gauge().value()).isEqualTo(9);
        assertThat(meters.get("conveyor.jobs.running").tags("queue", "default").gauge().value()).isEqualTo(1);

        canceled.add(new CancelRequest("j1", "bob", Instant.now()));

        run.get(1, TimeUnit.SECONDS);
        assertThat(end().status()).isEqualTo(JobStatus.CANCELED);
        assertThat(interrupted).isTrue();
        assertThat(runningJobs.count()).isZero();
    }

    @Test
    void aReleasedJobEndsWithoutAFinalState() throws Exception {
        CompletableFuture<Disposition> run = runner(aSleeper()).run(aRequest("sleep", "{\"duration\":\"PT1H\"}",
                null), Span.NOOP, NOT_WATCHED);
        await().atMost(Duration.ofSeconds(5)).until(startedWork::get);

        runner(aSleeper()).release("j1");

        await().atMost(Duration.ofSeconds(5)).until(run::isCompletedExceptionally);
        verify(publisher, never()).publishUntilAcknowledged(any());
        await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
    }

    @Test
    void computingJobsRunAtMostOnePerCpuThreadAtOnce() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        JobExecutor<NoopParams> computing = new JobExecutor<>() {
            public String type() {
                return "noop";
            }

            public Class<NoopParams> paramsType() {
                return NoopParams.class;
            }

            public Workload workload() {
                return Workload.CPU;
            }

            public JsonNode execute(NoopParams params, JobContext context) throws InterruptedException {
                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                release.await();
                now.decrementAndGet();
                return null;
            }
        };
        JobRunner runner = runner(Duration.ofMinutes(1), computing);
        List<CompletableFuture<Disposition>> runs = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> runner.run(new JobRequest("j" + i, "noop", null, "default", null, 1, null, "a",
                        Instant.now(), null, null, null), Span.NOOP, NOT_WATCHED)).toList();

        await().atMost(Duration.ofSeconds(5)).until(() -> now.get() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> now.get() == 2);
        release.countDown();
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertThat(most).hasValue(2);
    }

    /** The one snapshot of a job that ended before it ran. */
    private JobSnapshot acknowledgedOnly() throws InterruptedException {
        ArgumentCaptor<JobSnapshot> end = ArgumentCaptor.forClass(JobSnapshot.class);
        verify(publisher).publishUntilAcknowledged(end.capture());
        return end.getValue();
    }

    @Test
    void whatAJobSaysOfItsProgressGoesOutNamedWithItsIdAndAttempt() throws Exception {
        JobExecutor<NoopParams> talking = new JobExecutor<>() {
            @Override
            public String type() {
                return "noop";
            }

            @Override
            public Class<NoopParams> paramsType() {
                return NoopParams.class;
            }

            @Override
            public tools.jackson.databind.JsonNode execute(NoopParams params, JobContext context) {
                context.progress(1.5, "all of it");
                context.log("done");
                return null;
            }
        };
        runner(talking).run(aRequest("noop", null, null, null, 2), Span.NOOP, NOT_WATCHED).get(5, TimeUnit.SECONDS);

        assertThat(events).extracting(JobEvent::jobId, JobEvent::attempt, JobEvent::kind, JobEvent::message,
                JobEvent::progress).containsExactly(
                        tuple("j1", 2, JobEvent.Kind.PROGRESS, "all of it", 1.0),
                        tuple("j1", 2, JobEvent.Kind.LOG, "done", null));
    }
}
