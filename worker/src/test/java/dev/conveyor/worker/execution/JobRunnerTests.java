package dev.conveyor.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.NoopParams;
import dev.conveyor.common.types.SleepParams;
import dev.conveyor.worker.system.WorkerProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class JobRunnerTests {

    private final SnapshotPublisher publisher = mock(SnapshotPublisher.class);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final CountDownLatch neverReleased = new CountDownLatch(1);

    JobRunnerTests() {
        given(publisher.publish(any())).willReturn(new CompletableFuture<>());
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
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
        WorkerProperties properties = new WorkerProperties("w1", List.of("default"), "g", 10,
                Duration.ofMinutes(5), Duration.ofMillis(300), Duration.ofSeconds(1), 10000, 2, Duration.ofSeconds(5));
        return new JobRunner(new ExecutorRegistry(List.of(executors)), publisher, threads, properties,
                Clock.systemUTC());
    }

    private static JobRequest aRequest(String type, String params, Duration timeout) {
        return new JobRequest("j1", type, params == null ? null : ConveyorJson.mapper().readTree(params), "default",
                timeout, 1, null, "alice", Instant.now(), null, null);
    }

    private List<JobSnapshot> published() throws InterruptedException {
        ArgumentCaptor<JobSnapshot> running = ArgumentCaptor.forClass(JobSnapshot.class);
        ArgumentCaptor<JobSnapshot> end = ArgumentCaptor.forClass(JobSnapshot.class);
        verify(publisher).publish(running.capture());
        verify(publisher).publishUntilAcknowledged(end.capture());
        return List.of(running.getValue(), end.getValue());
    }

    @Test
    void aJobIsPublishedRunningThenSucceededWithItsResult() throws Exception {
        runner(aNoop(null)).run(aRequest("noop", null, null)).get(5, TimeUnit.SECONDS);

        List<JobSnapshot> snapshots = published();
        assertThat(snapshots).extracting(JobSnapshot::status).containsExactly(JobStatus.RUNNING, JobStatus.SUCCEEDED);
        assertThat(snapshots.get(1).workerId()).isEqualTo("w1");
        assertThat(snapshots.get(1).result().get("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void aJobRunningPastItsTimeoutIsInterruptedAndEndsTimedOut() throws Exception {
        runner(aSleeper()).run(aRequest("sleep", "{\"duration\":\"PT1H\"}", Duration.ofMillis(100)))
                .get(5, TimeUnit.SECONDS);

        JobSnapshot end = published().get(1);
        assertThat(end.status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(end.error().message()).contains("PT0.1S");
        await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
    }

    @Test
    void noJobRunsLongerThanTheWorkersCapWhateverItAsksFor() throws Exception {
        runner(aSleeper()).run(aRequest("sleep", "{\"duration\":\"PT1H\"}", Duration.ofHours(1)))
                .get(5, TimeUnit.SECONDS);

        assertThat(published().get(1).error().message()).contains("PT0.3S");
    }

    @Test
    void aFailingExecutorEndsTheJobFailedWithItsReason() throws Exception {
        runner(aNoop(new JobFailedException("unexpected-status", "answered 503"))).run(aRequest("noop", null, null))
                .get(5, TimeUnit.SECONDS);

        JobSnapshot end = published().get(1);
        assertThat(end.status()).isEqualTo(JobStatus.FAILED);
        assertThat(end.error().kind()).isEqualTo("unexpected-status");
    }

    @Test
    void anUnexpectedExceptionFailsTheJobWithItsMessage() throws Exception {
        runner(aNoop(new IllegalStateException("disk full"))).run(aRequest("noop", null, null)).get(5, TimeUnit.SECONDS);

        assertThat(published().get(1).error().message()).isEqualTo("IllegalStateException: disk full");
    }

    @Test
    void aTypeThisWorkerCannotRunFailsInsteadOfHanging() throws Exception {
        runner(aNoop(null)).run(aRequest("http", "{\"url\":\"https://x.org\"}", null)).get(5, TimeUnit.SECONDS);

        assertThat(published().get(1).error().kind()).isEqualTo("unknown-type");
    }

    @Test
    void parametersThatNoLongerValidateFailTheJob() throws Exception {
        runner(aSleeper()).run(aRequest("sleep", "{}", null)).get(5, TimeUnit.SECONDS);

        assertThat(published().get(1).error().kind()).isEqualTo("invalid-params");
    }
}
