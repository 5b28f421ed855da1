package dev.conveyor.worker.consumption;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the group's last commits of partitions taken over, and commits what a {@link
 * PartitionLedger} says is done: asynchronously and at most every {@link #INTERVAL} while
 * polling, synchronously when partitions are handed over or the worker stops. Used on the
 * polling thread only.
 */
final class OffsetCommitter {

    private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);
    /** While jobs finish by the thousand each one wakes the poll loop: commit at most this often. */
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Duration COMMITS_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<Consumer<String, byte[]>> consumer;
    private long nextCommit;

    OffsetCommitter(Supplier<Consumer<String, byte[]>> consumer) {
        this.consumer = consumer;
    }

    /**
     * The group's last commits of newly assigned partitions, or {@code null} when they could not be
     * read: without them a partition's records cannot be told apart from ones its earlier owner
     * finished, nor where its commit should start, so the caller reads them again later. Called
     * while a poll's records are being taken in, so it must not throw.
     */
    Map<TopicPartition, OffsetAndMetadata> lastCommits(Set<TopicPartition> partitions) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return consumer.get().committed(partitions, COMMITS_TIMEOUT);
            } catch (WakeupException woken) {
                // A job finished meanwhile: the wakeup is spent, ask again.
            } catch (KafkaException e) {
                log.warn("Could not read the last commits of {} ({}); reading their records again", partitions,
                        e.toString());
                return null;
            }
        }
        return null;
    }

    /** Commits every owned partition's progress in the background, unless it did so less than an interval ago. */
    void commitSoon(PartitionLedger ledger) {
        long now = System.nanoTime();
        if (now < nextCommit) {
            return;
        }
        nextCommit = now + INTERVAL.toNanos();
        Map<TopicPartition, OffsetAndMetadata> offsets = ledger.commits(ledger.owned());
        if (offsets.isEmpty()) {
            return;
        }
        consumer.get().commitAsync(offsets, (committed, failure) -> {
            if (failure != null) {
                // Runs on the polling thread, within poll: the next round commits these again.
                ledger.commitFailed(offsets.keySet());
                log.warn("Commit of {} failed; committing again: {}", offsets.keySet(), failure.getMessage());
            }
        });
    }

    /** Commits these partitions' progress and returns once the group has it. */
    void commitNow(PartitionLedger ledger, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = ledger.commits(partitions);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.get().commitSync(offsets);
        } catch (WakeupException woken) {
            // The wakeup is spent by throwing; the commit itself must still happen.
            consumer.get().commitSync(offsets);
        }
    }
}
