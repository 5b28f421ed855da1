package dev.conveyor.worker.consumption;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PartitionProgressTests {

    private static PartitionProgress received(long... offsets) {
        PartitionProgress progress = new PartitionProgress();
        for (long offset : offsets) {
            progress.received(offset);
        }
        return progress;
    }

    @Test
    void nothingIsCommittedWhileTheFirstRecordRuns() {
        PartitionProgress progress = received(10, 11, 12);
        progress.finished(11);
        progress.finished(12);

        assertThat(progress.toCommit()).hasValue(10);
        progress.committed(10);
        assertThat(progress.toCommit()).isEmpty();
    }

    @Test
    void theCommitJumpsOverEverythingFinishedOnceTheGapCloses() {
        PartitionProgress progress = received(10, 11, 12);
        progress.finished(12);
        progress.finished(11);
        progress.finished(10);

        assertThat(progress.toCommit()).hasValue(13);
    }

    @Test
    void theCommitStopsAtTheLowestUnfinishedRecord() {
        PartitionProgress progress = received(10, 11, 12, 13);
        progress.finished(10);
        progress.finished(12);

        assertThat(progress.toCommit()).hasValue(11);
        assertThat(progress.unfinishedCount()).isEqualTo(2);
    }

    @Test
    void aCommitNeverGoesBackwards() {
        PartitionProgress progress = received(5);
        progress.finished(5);
        progress.committed(6);
        progress.received(6);

        assertThat(progress.toCommit()).isEqualTo(OptionalLong.empty());
    }

    @Test
    void anEmptyPartitionHasNothingToCommit() {
        assertThat(new PartitionProgress().toCommit()).isEmpty();
    }
}
