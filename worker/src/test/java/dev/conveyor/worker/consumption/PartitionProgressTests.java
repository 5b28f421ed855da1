package dev.conveyor.worker.consumption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.worker.consumption.PartitionProgress.Arrival;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

class PartitionProgressTests {

    private final PartitionProgress progress = PartitionProgress.fresh();

    private void runAll(long... offsets) {
        for (long offset : offsets) {
            assertThat(progress.received(offset)).isEqualTo(Arrival.NEW);
            progress.started(offset, "job-" + offset);
            progress.announced(offset);
        }
    }

    private OffsetAndMetadata commitNow() {
        OffsetAndMetadata commit = progress.toCommit().orElseThrow();
        progress.committed(commit);
        return commit;
    }

    @Test
    void commitsOnlyTheContiguousFinishedPrefix() {
        runAll(0, 1, 2);
        progress.finished(1);
        progress.finished(2);

        assertThat(commitNow().offset()).isZero();

        progress.finished(0);
        assertThat(commitNow().offset()).isEqualTo(3);
    }

    @Test
    void commitsNothingNewWhenNothingChanged() {
        runAll(0);
        progress.finished(0);
        commitNow();

        assertThat(progress.toCommit()).isEmpty();
    }

    @Test
    void aFailedCommitIsMadeAgain() {
        runAll(0);
        progress.finished(0);
        OffsetAndMetadata failed = commitNow();

        progress.committed(null);

        assertThat(progress.toCommit()).contains(failed);
    }

    @Test
    void theCommitTellsWhatFinishedAndWhatStartedBeyondThePrefix() {
        runAll(10, 11, 12, 13);
        progress.finished(11);
        progress.finished(13);

        OffsetAndMetadata commit = commitNow();
        OffsetMetadata told = OffsetMetadata.decode(commit.metadata(), commit.offset());

        assertThat(commit.offset()).isEqualTo(10);
        assertThat(told.finished()).containsExactly(11L, 13L);
        assertThat(told.started()).containsExactly(10L, 12L);
    }

    @Test
    void theNextOwnerSkipsWhatFinishedAndRunsWhatStartedAsAFurtherAttempt() {
        runAll(10, 11, 12, 13);
        progress.finished(11);
        PartitionProgress next = PartitionProgress.from(commitNow());

        assertThat(next.received(10)).isEqualTo(Arrival.STARTED_BEFORE);
        assertThat(next.received(11)).isEqualTo(Arrival.FINISHED_BEFORE);
        assertThat(next.received(12)).isEqualTo(Arrival.STARTED_BEFORE);
        assertThat(next.received(14)).isEqualTo(Arrival.NEW);
    }

    @Test
    void whatAnEarlierOwnerToldIsPassedOnUntilTheRecordsAreSeen() {
        runAll(10, 11, 12);
        progress.finished(12);
        PartitionProgress second = PartitionProgress.from(commitNow());
        second.received(10);
        second.started(10, "job-10");
        second.announced(10);
        second.finished(10);

        OffsetAndMetadata commit = second.toCommit().orElseThrow();
        OffsetMetadata told = OffsetMetadata.decode(commit.metadata(), commit.offset());

        assertThat(commit.offset()).isEqualTo(11);
        assertThat(told.started()).containsExactly(11L);
        assertThat(told.finished()).containsExactly(12L);
    }

    @Test
    void aJobWhoseStartWasNotAnnouncedIsNotToldAsStarted() {
        assertThat(progress.received(0)).isEqualTo(Arrival.NEW);
        progress.started(0, "job-0");

        OffsetAndMetadata commit = commitNow();

        assertThat(OffsetMetadata.decode(commit.metadata(), commit.offset()).started()).isEmpty();
        assertThat(progress.runningJobIds()).containsExactly("job-0");
    }

    @Test
    void aReleasedJobStaysUnfinishedButNoLongerRunsHere() {
        runAll(0, 1);
        progress.abandoned(0);
        progress.finished(1);

        assertThat(progress.runningJobIds()).isEmpty();
        assertThat(commitNow().offset()).isZero();
    }

    @Test
    void unreadableMetadataReadsAsNothingToldRatherThanFailing() {
        PartitionProgress next = PartitionProgress.from(new OffsetAndMetadata(5, "v1;f=%%%"));

        assertThat(next.received(5)).isEqualTo(Arrival.NEW);
        assertThat(OffsetMetadata.decode("written by another tool", 0).finished()).isEmpty();
    }

    @Test
    void thousandsOfOffsetsFitTheBrokersMetadataLimit() {
        TreeSet<Long> finished = new TreeSet<>();
        TreeSet<Long> started = new TreeSet<>();
        for (long offset = 1; offset < 50_000; offset++) {
            (offset % 7 == 0 ? started : finished).add(offset);
        }

        String encoded = new OffsetMetadata(finished, started).encode(0);
        OffsetMetadata decoded = OffsetMetadata.decode(encoded, 0);

        assertThat(encoded.length()).isLessThanOrEqualTo(OffsetMetadata.MAX_LENGTH);
        assertThat(decoded.finished()).isEqualTo(finished);
        assertThat(decoded.started()).isEqualTo(started);
    }

    @Test
    void whatDoesNotFitIsCutFromTheFarEnd() {
        TreeSet<Long> scattered = new TreeSet<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            scattered.add(random.nextLong(1, 1_000_000));
        }

        String encoded = new OffsetMetadata(scattered, new TreeSet<>()).encode(0);
        OffsetMetadata decoded = OffsetMetadata.decode(encoded, 0);

        assertThat(encoded.length()).isLessThanOrEqualTo(OffsetMetadata.MAX_LENGTH);
        assertThat(decoded.finished()).isNotEmpty().isSubsetOf(scattered);
        assertThat(decoded.finished().first()).isEqualTo(scattered.first());
    }

    @Test
    void aFirstRecordBeyondTheLastCommitAsksToReadAgainFromTheCommit() {
        PartitionProgress taken = PartitionProgress.from(new OffsetAndMetadata(5));

        assertThat(taken.received(8)).as("5 to 7 would be committed unseen").isEqualTo(Arrival.BEYOND_LAST_COMMIT);
        assertThat(taken.resumeFrom()).isEqualTo(5);
        assertThat(taken.received(5)).isEqualTo(Arrival.NEW);
        taken.finished(5);
        assertThat(taken.toCommit().orElseThrow().offset()).isEqualTo(6);
    }

    @Test
    void aLogThatStartsBeyondTheLastCommitIsTakenAsItIsTheSecondTime() {
        // Retention deleted the records up to 8: reading again from 5 brings 8 first again.
        PartitionProgress taken = PartitionProgress.from(new OffsetAndMetadata(5));

        assertThat(taken.received(8)).isEqualTo(Arrival.BEYOND_LAST_COMMIT);
        assertThat(taken.received(8)).isEqualTo(Arrival.NEW);
    }
}
