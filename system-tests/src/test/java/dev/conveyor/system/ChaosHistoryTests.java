package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.system.ChaosHistory.AcceptedJob;
import dev.conveyor.system.ChaosHistory.Evidence;
import dev.conveyor.system.ChaosHistory.JobTrace;
import dev.conveyor.system.ChaosHistory.Kill;
import dev.conveyor.system.ChaosHistory.Snapshot;
import dev.conveyor.system.ChaosHistory.StoredJob;
import dev.conveyor.system.ChaosHistory.Verdict;
import dev.conveyor.system.ChaosPlan.PartKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosHistoryTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final History history = new History();

    @Test
    void aJobThatRanOnceAndEndedEverywhereEndedWithOneOutcome() {
        history.accepted("a", at(0)).ran("a", JobStatus.SUCCEEDED, 1, "worker-1", at(1)).stored("a", JobStatus.SUCCEEDED, 1);

        Verdict verdict = history.check();

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.accepted()).isEqualTo(1);
        assertThat(verdict.ended()).isEqualTo(1);
        assertThat(verdict.ranMoreThanOnce()).isZero();
    }

    @Test
    void anAcceptedJobWithoutAFinalSnapshotIsStrandedWhateverItsQueuedSnapshotSays() {
        history.accepted("a", at(0)).snapshot("a", JobStatus.QUEUED, 1, null).stored("a", JobStatus.QUEUED, 1);

        Verdict verdict = history.check();

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.stranded()).singleElement().satisfies(trace -> {
            assertThat(trace.id()).isEqualTo("a");
            assertThat(trace.problem()).isEqualTo("no final snapshot on the results topic");
            assertThat(trace.topic()).containsExactly("QUEUED attempt 1");
            assertThat(trace.stores()).containsEntry("gateway 1", "QUEUED attempt 1");
        });
    }

    @Test
    void aJobEndedOnTheTopicButNotInAStoreIsStranded() {
        history.accepted("a", at(0)).ran("a", JobStatus.SUCCEEDED, 1, "worker-1", at(1)).stored("a", JobStatus.QUEUED, 1);

        assertThat(history.check().stranded()).extracting(JobTrace::problem).containsExactly("gateway 1 shows QUEUED attempt 1");
    }

    @Test
    void anAcceptedJobWhoseOnlyEndIsNotEnqueuedNeverRanAndIsStranded() {
        history.accepted("a", at(0)).notEnqueued("a", 1).stored("a", JobStatus.DEAD, 1);

        assertThat(history.check().stranded()).extracting(JobTrace::problem)
                .containsExactly("accepted, then ended not-enqueued: it never ran");
    }

    @Test
    void aNotEnqueuedEndThatALaterAttemptReplacedIsNoOutcome() {
        history.accepted("a", at(0)).notEnqueued("a", 1).request("a", 2)
                .ran("a", JobStatus.SUCCEEDED, 2, "worker-1", at(3)).stored("a", JobStatus.SUCCEEDED, 2);

        Verdict verdict = history.check();

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.ranMoreThanOnce()).as("attempt 2 is the only run").isZero();
    }

    @Test
    void twoDifferentFinalStatusesAreTwoOutcomesButEqualRepeatedOnesAreNot() {
        history.accepted("a", at(0)).ran("a", JobStatus.SUCCEEDED, 1, "worker-1", at(1))
                .ran("a", JobStatus.FAILED, 1, "worker-2", at(2)).stored("a", JobStatus.SUCCEEDED, 1);
        history.accepted("b", at(0)).ran("b", JobStatus.SUCCEEDED, 1, "worker-1", at(1))
                .ran("b", JobStatus.SUCCEEDED, 1, "worker-2", at(2)).stored("b", JobStatus.SUCCEEDED, 1);

        assertThat(history.check().twoOutcomes()).extracting(JobTrace::id).containsExactly("a");
    }

    @Test
    void aStoreShowingAnotherFinalStateThanTheTopicDisagrees() {
        history.accepted("a", at(0)).ran("a", JobStatus.SUCCEEDED, 1, "worker-1", at(1)).stored("a", JobStatus.CANCELED, 1);

        assertThat(history.check().storeDisagrees()).extracting(JobTrace::problem)
                .containsExactly("gateway 1 shows CANCELED attempt 1, the topic SUCCEEDED");
    }

    @Test
    void aJobRunAgainIsExplainedByAWorkerKilledWhileItWasInFlightOrByItsRequestQueuedTwice() {
        history.kill(PartKind.WORKER, at(2));
        history.accepted("rerun", at(0)).ran("rerun", JobStatus.SUCCEEDED, 2, "worker-2", at(5)).stored("rerun",
                JobStatus.SUCCEEDED, 2);
        history.accepted("twice", at(30)).request("twice", 1)
                .ran("twice", JobStatus.SUCCEEDED, 1, "worker-1", at(31)).ran("twice", JobStatus.SUCCEEDED, 1, "worker-2", at(31))
                .stored("twice", JobStatus.SUCCEEDED, 1);
        history.accepted("odd", at(30)).ran("odd", JobStatus.SUCCEEDED, 1, "worker-1", at(31))
                .ran("odd", JobStatus.SUCCEEDED, 1, "worker-2", at(32)).stored("odd", JobStatus.SUCCEEDED, 1);
        history.accepted("calm", at(30)).ran("calm", JobStatus.SUCCEEDED, 1, "worker-1", at(31)).stored("calm",
                JobStatus.SUCCEEDED, 1);

        Verdict verdict = history.check();

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.ranMoreThanOnce()).isEqualTo(3);
        assertThat(verdict.rerunsAfterWorkerKill()).isEqualTo(1);
        assertThat(verdict.queuedMoreThanOnce()).isEqualTo(1);
        assertThat(verdict.unexplainedReruns()).singleElement().asString().startsWith("odd");
        assertThat(verdict.inFlightAtWorkerKill()).as("only 'rerun' was in flight from the kill until the worker rejoined").isEqualTo(1);
        assertThat(verdict.killsByKind()).containsExactly(Map.entry(PartKind.WORKER, 1L));
    }

    @Test
    void theLongestWaitRunsFromTheAcceptanceToTheFirstStart() {
        history.accepted("quick", at(0)).ran("quick", JobStatus.SUCCEEDED, 1, "worker-1", at(1)).stored("quick",
                JobStatus.SUCCEEDED, 1);
        history.accepted("slow", at(0)).ran("slow", JobStatus.SUCCEEDED, 1, "worker-1", at(7)).stored("slow",
                JobStatus.SUCCEEDED, 1);

        Verdict verdict = history.check();

        assertThat(verdict.longestWait()).isEqualTo(Duration.ofSeconds(7));
        assertThat(verdict.longestWaitJob()).isEqualTo("slow");
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** Builds the evidence of a run, job by job: each accepted job's request is on the jobs topic once, unless told otherwise. */
    private static final class History {

        private final Map<String, AcceptedJob> accepted = new LinkedHashMap<>();
        private final Map<String, List<Snapshot>> snapshots = new HashMap<>();
        private final Map<String, List<Integer>> requests = new HashMap<>();
        private final Map<String, StoredJob> store = new HashMap<>();
        private final List<Kill> kills = new ArrayList<>();

        History accepted(String id, Instant at) {
            accepted.put(id, new AcceptedJob(id, "key", at, at, List.of(at + " gateway 1: 202")));
            return request(id, 1);
        }

        /** Another request of the job on the jobs topic. */
        History request(String id, int attempt) {
            requests.computeIfAbsent(id, i -> new ArrayList<>()).add(attempt);
            return this;
        }

        History snapshot(String id, JobStatus status, int attempt, String workerId) {
            snapshots.computeIfAbsent(id, i -> new ArrayList<>())
                    .add(new Snapshot(status, attempt, workerId, null, null, null));
            return this;
        }

        /** A run of {@code attempt} that started at {@code startedAt} and took a second. */
        History ran(String id, JobStatus status, int attempt, String workerId, Instant startedAt) {
            snapshots.computeIfAbsent(id, i -> new ArrayList<>())
                    .add(new Snapshot(status, attempt, workerId, startedAt, startedAt.plusSeconds(1), null));
            return this;
        }

        History notEnqueued(String id, int attempt) {
            snapshots.computeIfAbsent(id, i -> new ArrayList<>())
                    .add(new Snapshot(JobStatus.DEAD, attempt, null, null, T0, JobError.NOT_ENQUEUED));
            return this;
        }

        History stored(String id, JobStatus status, int attempt) {
            store.put(id, new StoredJob(status, attempt, null));
            return this;
        }

        void kill(PartKind kind, Instant at) {
            kills.add(new Kill(kills.size() + 1, kind, kind.name().toLowerCase(), at, at.plusSeconds(1)));
        }

        Verdict check() {
            return new ChaosHistory(new Evidence(accepted, snapshots, requests, Map.of("gateway 1", store), kills)).check();
        }
    }
}
