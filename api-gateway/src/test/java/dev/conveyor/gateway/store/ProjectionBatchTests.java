package dev.conveyor.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The projection writes a poll's snapshots in batches, each job's row once; whatever the
 * snapshots, their order and how they fall into polls, the store must end as if each had been
 * applied in turn, and its listeners must hear of the same snapshots in the same order.
 */
class ProjectionBatchTests {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final List<String> JOBS = List.of("job-1", "job-2", "job-3", "job-4");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void pollsWrittenInBatchesEndAsEverySnapshotAppliedInTurn(long seed) {
        Random random = new Random(seed);
        List<JobSnapshot> history = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            history.add(aSnapshot(random));
        }
        List<JobSnapshot> heardOneByOne = new ArrayList<>();
        List<JobSnapshot> heardInBatches = new ArrayList<>();
        JobStore oneByOne = aStore(heardOneByOne::add);
        JobStore inBatches = aStore(heardInBatches::add);

        // Some rows exist before the polls, as after the gateway's own submits.
        int before = random.nextInt(10);
        for (JobSnapshot snapshot : history.subList(0, before)) {
            oneByOne.apply(snapshot);
            inBatches.apply(snapshot);
        }
        heardOneByOne.clear();
        heardInBatches.clear();
        List<JobSnapshot> polled = history.subList(before, history.size());
        polled.forEach(oneByOne::apply);
        for (int from = 0; from < polled.size(); ) {
            int to = Math.min(polled.size(), from + 1 + random.nextInt(25));
            inBatches.project(List.of(), polled.subList(from, to), () -> { });
            from = to;
        }

        for (String job : JOBS) {
            assertThat(inBatches.find(job)).as("%s (seed %d)", job, seed).isEqualTo(oneByOne.find(job));
        }
        assertThat(whatListenersAgreeOn(heardInBatches)).as("what the listeners heard (seed %d)", seed)
                .isEqualTo(whatListenersAgreeOn(heardOneByOne));
    }

    /** A snapshot of one of a few jobs, in any state of any of three attempts, as replays and reruns give. */
    static JobSnapshot aSnapshot(Random random) {
        String id = JOBS.get(random.nextInt(JOBS.size()));
        JobRequest request = new JobRequest(id, "sleep", null, "default", null, 1 + random.nextInt(3),
                Map.of("team", "a"), "alice", T0, null, null, null);
        JobSnapshot queued = JobSnapshot.queued(request);
        JobSnapshot running = JobSnapshot.running(request, "w" + random.nextInt(3), T0.plusSeconds(request.attempt()));
        return switch (random.nextInt(7)) {
            case 0 -> queued;
            case 1 -> running;
            case 2 -> running.toSucceeded(null, T0.plusSeconds(10));
            case 3 -> running.toUnsuccessful(JobStatus.FAILED, new JobError("boom", "boom"), T0.plusSeconds(10));
            case 4 -> queued.toUnsuccessful(JobStatus.CANCELED, new JobError("canceled", "canceled by bob"), T0);
            case 5 -> queued.toUnsuccessful(JobStatus.DEAD, new JobError(JobError.NOT_ENQUEUED, "not enqueued"), T0);
            default -> running.toRetrying(new JobError("boom", "boom"), T0.plusSeconds(30));
        };
    }

    private JobStore aStore(StoredJobListener listener) {
        return TestStores.aJobStoreOn(anEmptyDatabase(), listener);
    }

    /** Of what a store's listeners heard, what must be the same however the snapshots fell into polls: all of it. */
    List<JobSnapshot> whatListenersAgreeOn(List<JobSnapshot> heard) {
        return heard;
    }

    /** The database this is proven on; {@link ProjectionBatchOnPostgresTests} proves it on PostgreSQL. */
    DataSource anEmptyDatabase() {
        return TestStores.anEmptyH2();
    }
}
