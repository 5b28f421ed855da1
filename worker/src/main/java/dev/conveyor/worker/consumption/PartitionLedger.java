package dev.conveyor.worker.consumption;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@link PartitionProgress} of every partition this worker owns, and the commits that follow
 * from them. A newly assigned partition learns from its last commit what its earlier owner did,
 * when its first records arrive. Confined to the polling thread.
 */
final class PartitionLedger {

    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    /** Assigned partitions whose last commit (and what it tells) has not been read yet. */
    private final Set<TopicPartition> unseeded = new HashSet<>();
    private final Function<Set<TopicPartition>, Map<TopicPartition, OffsetAndMetadata>> lastCommits;

    /** @param lastCommits reads the group's last commits of some partitions (a blocking call) */
    PartitionLedger(Function<Set<TopicPartition>, Map<TopicPartition, OffsetAndMetadata>> lastCommits) {
        this.lastCommits = lastCommits;
    }

    /**
     * Takes partitions on. Their last commits are read when their first records arrive: during
     * the assignment callback the consumer fetches the same commits for itself, and a second
     * fetch would only race it.
     */
    void assigned(Collection<TopicPartition> partitions) {
        unseeded.addAll(partitions);
    }

    /**
     * @return what the record needs; {@code null} when the partition's last commit could not be
     *     read, so that the record is to be read again later
     */
    PartitionProgress.Arrival received(TopicPartition partition, long offset) {
        if (unseeded.contains(partition)) {
            Map<TopicPartition, OffsetAndMetadata> commits = lastCommits.apply(Set.copyOf(unseeded));
            if (commits == null) {
                return null;
            }
            unseeded.forEach(tp -> progress.put(tp, PartitionProgress.from(commits.get(tp))));
            unseeded.clear();
        }
        return of(partition).received(offset);
    }

    /** Where to read a partition again from after {@link PartitionProgress.Arrival#BEYOND_LAST_COMMIT}. */
    long resumeFrom(TopicPartition partition) {
        return of(partition).resumeFrom();
    }

    void started(TopicPartition partition, long offset, String jobId) {
        of(partition).started(offset, jobId);
    }

    void announced(TopicPartition partition, long offset) {
        PartitionProgress p = progress.get(partition);
        if (p != null) {
            p.announced(offset);
        }
    }

    /** A record's job ended: finished if its end is in Kafka, else abandoned (released, to run again). */
    void ended(TopicPartition partition, long offset, boolean finished) {
        PartitionProgress p = progress.get(partition);
        // A partition revoked meanwhile is no longer ours: its new owner decides.
        if (p == null) {
            return;
        }
        if (finished) {
            p.finished(offset);
        } else {
            p.abandoned(offset);
        }
    }

    /** The commits to make for these partitions, if anything changed; taken as made. */
    Map<TopicPartition, OffsetAndMetadata> commits(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionProgress p = progress.get(tp);
            if (p != null) {
                p.toCommit().ifPresent(commit -> {
                    commits.put(tp, commit);
                    p.committed(commit);
                });
            }
        }
        return commits;
    }

    /** Commits of these partitions did not go through: the next {@link #commits} makes them again. */
    void commitFailed(Collection<TopicPartition> partitions) {
        partitions.stream().map(progress::get).filter(p -> p != null).forEach(p -> p.committed(null));
    }

    Set<TopicPartition> owned() {
        return Set.copyOf(progress.keySet());
    }

    List<String> runningJobIds(Collection<TopicPartition> partitions) {
        return partitions.stream().map(progress::get).filter(p -> p != null)
                .flatMap(p -> p.runningJobIds().stream()).toList();
    }

    void forget(Collection<TopicPartition> partitions) {
        unseeded.removeAll(partitions);
        partitions.forEach(progress::remove);
    }

    private PartitionProgress of(TopicPartition partition) {
        return progress.computeIfAbsent(partition, tp -> PartitionProgress.fresh());
    }
}
