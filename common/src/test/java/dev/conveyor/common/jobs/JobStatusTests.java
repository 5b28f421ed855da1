package dev.conveyor.common.jobs;

import static dev.conveyor.common.jobs.JobStatus.CANCELED;
import static dev.conveyor.common.jobs.JobStatus.DEAD;
import static dev.conveyor.common.jobs.JobStatus.FAILED;
import static dev.conveyor.common.jobs.JobStatus.QUEUED;
import static dev.conveyor.common.jobs.JobStatus.RETRYING;
import static dev.conveyor.common.jobs.JobStatus.RUNNING;
import static dev.conveyor.common.jobs.JobStatus.SUCCEEDED;
import static dev.conveyor.common.jobs.JobStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The lifecycle, one source state at a time: every target is either allowed or illegal here. */
class JobStatusTests {

    @Test
    void aQueuedJobCanStartBeCanceledOrDie() {
        assertAllowedTargets(QUEUED, EnumSet.of(RUNNING, CANCELED, DEAD));
    }

    @Test
    void aRunningJobCanEndAnyWayRetryOrRunAgainButNeverGoBackToTheQueue() {
        assertAllowedTargets(RUNNING, EnumSet.of(RUNNING, RETRYING, SUCCEEDED, FAILED, TIMED_OUT, CANCELED));
    }

    @Test
    void aRetryingJobCanStartItsNextAttemptBeCanceledOrDie() {
        assertAllowedTargets(RETRYING, EnumSet.of(RUNNING, CANCELED, DEAD));
    }

    @ParameterizedTest
    @EnumSource(names = {"SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELED", "DEAD"})
    void nothingFollowsAFinalState(JobStatus finalState) {
        assertThat(finalState.isFinal()).isTrue();
        assertAllowedTargets(finalState, EnumSet.noneOf(JobStatus.class));
    }

    @ParameterizedTest
    @EnumSource(names = {"QUEUED", "RUNNING", "RETRYING"})
    void activeStatesAreNotFinal(JobStatus active) {
        assertThat(active.isFinal()).isFalse();
    }

    private static void assertAllowedTargets(JobStatus from, Set<JobStatus> allowed) {
        for (JobStatus to : JobStatus.values()) {
            assertThat(from.canTransitionTo(to))
                    .as("%s -> %s", from, to)
                    .isEqualTo(allowed.contains(to));
        }
    }
}
