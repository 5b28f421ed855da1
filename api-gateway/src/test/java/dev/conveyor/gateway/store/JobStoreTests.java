package dev.conveyor.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The store on a real (in-memory) H2 database with the real migrations: which snapshot wins. */
class JobStoreTests {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final JobStore store = TestStores.aJobStoreOn(anEmptyDatabase());

    /** The database these rules are proven on; {@link JobStoreOnPostgresTests} proves them on PostgreSQL. */
    DataSource anEmptyDatabase() {
        return TestStores.anEmptyH2();
    }

    private static JobRequest aSleepRequest() {
        return new JobRequest("job-1", "sleep", null, "default", null, 1, null, "alice", T0, null, null, null);
    }

    private static JobSnapshot runningOn(JobRequest request, String worker) {
        return JobSnapshot.running(request, worker, T0.plusSeconds(request.attempt()));
    }

    @Test
    void aNewerVersionReplacesAnOlderOneButNeverTheReverse() {
        JobRequest request = aSleepRequest();
        JobSnapshot queued = JobSnapshot.queued(request);
        JobSnapshot running = runningOn(request, "w1");

        assertThat(store.apply(queued)).isTrue();
        assertThat(store.apply(running)).isTrue();
        assertThat(store.apply(queued)).as("a replayed older snapshot").isFalse();

        assertThat(store.find("job-1")).hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(JobStatus.RUNNING));
    }

    @Test
    void aFinalStateIsKeptEvenWhenTheJobRunsAgainWithAHigherAttempt() {
        JobRequest request = aSleepRequest();
        store.apply(JobSnapshot.queued(request));
        store.apply(runningOn(request, "w1"));
        store.apply(runningOn(request, "w1").toSucceeded(null, T0.plusSeconds(5)));

        // w1 died before committing the request's offset: w2 runs it again as attempt 2.
        JobSnapshot rerun = runningOn(request.redelivered(), "w2");
        assertThat(rerun.version()).as("the re-run outranks the result by version").isGreaterThan(5);

        assertThat(store.apply(rerun)).isFalse();
        assertThat(store.apply(rerun.toUnsuccessful(JobStatus.FAILED, new JobError("boom", "boom"), T0.plusSeconds(9))))
                .isFalse();
        assertThat(store.find("job-1")).hasValueSatisfying(s -> {
            assertThat(s.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(s.workerId()).isEqualTo("w1");
        });
    }

    @Test
    void aJobCanceledWhileQueuedStaysCanceledWhenItsRequestIsRunLaterAsAFurtherAttempt() {
        JobRequest request = aSleepRequest();
        JobSnapshot queued = JobSnapshot.queued(request);
        store.apply(queued);
        store.apply(queued.toUnsuccessful(JobStatus.CANCELED, new JobError("canceled", "canceled by alice"), T0));

        assertThat(store.apply(runningOn(request.redelivered(), "w1"))).isFalse();
        assertThat(store.find("job-1")).hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(JobStatus.CANCELED));
    }
}
