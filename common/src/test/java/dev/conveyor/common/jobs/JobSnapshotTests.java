package dev.conveyor.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSnapshotTests {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    static JobRequest aSleepRequest(int attempt) {
        return new JobRequest("job-1", "sleep", null, "default", null, attempt, Map.of("team", "a"), "alice", T0, null, null, null);
    }

    @Test
    void versionsGrowThroughAnAttempt() {
        JobSnapshot queued = JobSnapshot.queued(aSleepRequest(1));
        JobSnapshot running = JobSnapshot.running(aSleepRequest(1), "w1", T0.plusSeconds(1));
        JobSnapshot succeeded = running.toSucceeded(null, T0.plusSeconds(2));

        assertThat(queued.version()).isLessThan(running.version());
        assertThat(running.version()).isLessThan(succeeded.version());
    }

    @Test
    void anyStateOfALaterAttemptOutranksEveryStateOfAnEarlierOne() {
        JobSnapshot firstEnded = JobSnapshot.running(aSleepRequest(1), "w1", T0)
                .toUnsuccessful(JobStatus.FAILED, new JobError("x", "boom"), T0);
        JobSnapshot secondRunning = JobSnapshot.running(aSleepRequest(2), "w2", T0);

        assertThat(secondRunning.version()).isGreaterThan(firstEnded.version());
    }

    @Test
    void twoWorkersRunningTheSameAttemptProduceEqualVersionsSoTheFirstOutcomeStands() {
        JobSnapshot a = JobSnapshot.running(aSleepRequest(1), "w1", T0).toSucceeded(null, T0);
        JobSnapshot b = JobSnapshot.running(aSleepRequest(1), "w2", T0)
                .toUnsuccessful(JobStatus.FAILED, new JobError("x", "y"), T0);

        assertThat(a.version()).isEqualTo(b.version());
    }

    @Test
    void runningCarriesTheWorkerAndStartTimeAndTheFinalStateKeepsThem() {
        JobSnapshot done = JobSnapshot.running(aSleepRequest(1), "w1", T0).toSucceeded(null, T0.plusSeconds(5));

        assertThat(done.workerId()).isEqualTo("w1");
        assertThat(done.startedAt()).isEqualTo(T0);
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(done.submittedBy()).isEqualTo("alice");
        assertThat(done.labels()).containsEntry("team", "a");
    }

    @Test
    void aFinalStateCannotBeLeft() {
        JobSnapshot done = JobSnapshot.running(aSleepRequest(1), "w1", T0).toSucceeded(null, T0);

        assertThatThrownBy(() -> done.toUnsuccessful(JobStatus.FAILED, null, T0))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("SUCCEEDED to FAILED");
    }

    @Test
    void successIsNotAnUnsuccessfulState() {
        JobSnapshot running = JobSnapshot.running(aSleepRequest(1), "w1", T0);

        assertThatThrownBy(() -> running.toUnsuccessful(JobStatus.SUCCEEDED, null, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRetryWaitsInTheNextAttemptAndOutranksTheFailedOne() {
        JobSnapshot running = JobSnapshot.running(aSleepRequest(1), "w1", T0);
        JobSnapshot retrying = running.toRetrying(new JobError("unreachable", "refused"), T0.plusSeconds(2));
        JobSnapshot nextRunning = JobSnapshot.running(aSleepRequest(1).nextAttempt(T0.plusSeconds(2)), "w2",
                T0.plusSeconds(2));

        assertThat(retrying.status()).isEqualTo(JobStatus.RETRYING);
        assertThat(retrying.attempt()).isEqualTo(2);
        assertThat(retrying.nextAttemptAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(retrying.version()).isGreaterThan(running.version()).isLessThan(nextRunning.version());
    }

    @Test
    void cancelingAWaitingRetryOutranksItsStart() {
        JobSnapshot retrying = JobSnapshot.running(aSleepRequest(1), "w1", T0)
                .toRetrying(new JobError("unreachable", "refused"), T0.plusSeconds(2));
        JobSnapshot canceled = retrying.toUnsuccessful(JobStatus.CANCELED, new JobError("canceled", "by bob"), T0);
        JobSnapshot lateStart = JobSnapshot.running(aSleepRequest(2), "w2", T0);

        assertThat(canceled.version()).isGreaterThan(lateStart.version());
    }
}
