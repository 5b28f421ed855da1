package dev.conveyor.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The store's writers at once: concurrent submits (group commits of their own), cancels and the
 * projection's polls of the same jobs, in random order, leave each row at its highest version.
 */
class StoreWriterConcurrencyTests {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final int JOBS = 300;

    private final JobStore store = TestStores.anEmptyJobStore();

    private static JobRequest aRequest(int n) {
        return new JobRequest("job-" + n, "noop", null, "default", null, 1, null, "alice", T0, null, null, null);
    }

    @Test
    void concurrentSubmitsCancelsAndProjectedSnapshotsEndWithEachRowAtItsHighestVersion() throws Exception {
        List<JobRequest> requests = IntStream.range(0, JOBS).mapToObj(StoreWriterConcurrencyTests::aRequest).toList();
        List<Runnable> writes = new ArrayList<>();
        Random random = new Random(7);
        for (JobRequest request : requests) {
            int n = Integer.parseInt(request.id().substring(4));
            writes.add(() -> store.applyQueued(List.of(request)));
            JobSnapshot running = JobSnapshot.running(request, "w1", T0);
            if (n % 3 == 0) {
                // Canceled while queued: the gateway's CANCELED is its only end.
                writes.add(() -> store.apply(JobSnapshot.queued(request).toUnsuccessful(JobStatus.CANCELED,
                        new JobError("canceled", "canceled by otto"), T0)));
            } else {
                writes.add(() -> store.project(List.of(), List.of(running), () -> { }));
                writes.add(() -> store.project(List.of(request), List.of(running.toSucceeded(null, T0)), () -> { }));
            }
        }
        Collections.shuffle(writes, random);

        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = writes.stream().map(writers::submit).<Future<?>>map(f -> f).toList();
            for (Future<?> write : done) {
                write.get();
            }
        }

        for (JobRequest request : requests) {
            int n = Integer.parseInt(request.id().substring(4));
            assertThat(store.find(request.id())).as(request.id()).hasValueSatisfying(job -> {
                assertThat(job.status()).isEqualTo(n % 3 == 0 ? JobStatus.CANCELED : JobStatus.SUCCEEDED);
                assertThat(job.version()).isEqualTo(5);
            });
        }
    }
}
