package dev.conveyor.system;

import static org.awaitility.Awaitility.await;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.json.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows a results topic from its end on a thread of its own and notes, for every job that
 * ends, when this JVM saw its final snapshot ({@link System#nanoTime()}), how it ended and where
 * the snapshot sits in the topic. It is the benchmarks' clock for "the job SUCCEEDED".
 */
final class ResultsTracker implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Ended> ended = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Ended>> waiters = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Returns once the consumer knows where the topic ends, so that no snapshot written after is missed. */
    ResultsTracker(String brokers, String topic) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), topic);
    }

    /** @param client the consumer's connection settings (bootstrap servers, and security if any) */
    ResultsTracker(Map<String, Object> client, String topic) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = Thread.ofPlatform().name("results-tracker").daemon().start(this::follow);
    }

    private void follow() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.value() != null) {
                        note(JsonSerde.read(record.value(), JobSnapshot.class), record, now);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void note(JobSnapshot snapshot, ConsumerRecord<String, byte[]> record, long now) {
        if (!snapshot.status().isFinal() || ended.containsKey(snapshot.id())) {
            return;
        }
        Ended end = new Ended(snapshot.status(), snapshot.startedAt(), snapshot.finishedAt(), now, record.partition(),
                record.offset());
        ended.put(snapshot.id(), end);
        CompletableFuture<Ended> waiter = waiters.remove(snapshot.id());
        if (waiter != null) {
            waiter.complete(end);
        }
    }

    /** Completes when the job ends, at once if it already has. */
    CompletableFuture<Ended> whenEnded(String jobId) {
        CompletableFuture<Ended> waiter = waiters.computeIfAbsent(jobId, id -> new CompletableFuture<>());
        Ended end = ended.get(jobId);
        if (end != null) {
            waiters.remove(jobId);
            waiter.complete(end);
        }
        return waiter;
    }

    /** How the job ended, or {@code null} if it has not (yet). */
    Ended ended(String jobId) {
        return ended.get(jobId);
    }

    /** Waits until every one of the jobs ended; fails after {@code within}. */
    void awaitEnded(Collection<String> jobIds, Duration within) {
        Set<String> remaining = new HashSet<>(jobIds);
        await("jobs ended").atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    remaining.removeIf(ended::containsKey);
                    return remaining.isEmpty();
                });
    }

    /** Of the jobs, those not ended {@link JobStatus#SUCCEEDED} (or not ended at all). */
    long notSucceeded(Collection<String> jobIds) {
        return jobIds.stream().map(ended::get).filter(e -> e == null || e.status() != JobStatus.SUCCEEDED).count();
    }

    /** The span from the first {@code startedAt} to the last {@code finishedAt} of the jobs, as the workers stamped them. */
    Duration workerWall(Collection<String> jobIds) {
        Instant first = null;
        Instant last = null;
        for (String id : jobIds) {
            Ended end = ended.get(id);
            if (end != null && end.startedAt() != null && end.finishedAt() != null) {
                first = first == null || end.startedAt().isBefore(first) ? end.startedAt() : first;
                last = last == null || end.finishedAt().isAfter(last) ? end.finishedAt() : last;
            }
        }
        return first == null ? Duration.ZERO : Duration.between(first, last);
    }

    /** When this JVM saw the last of the jobs end. */
    long lastSeenNanos(Collection<String> jobIds) {
        return jobIds.stream().map(ended::get).mapToLong(Ended::seenNanos).max().orElseThrow();
    }

    /**
     * Per partition of the results topic, the job among these whose final snapshot came last: once
     * a store shows these ended, its projection, which reads each partition in order, has applied
     * every one of the jobs.
     */
    Collection<String> lastPerPartition(Collection<String> jobIds) {
        Map<Integer, String> last = new java.util.HashMap<>();
        Map<Integer, Long> offsets = new java.util.HashMap<>();
        for (String id : jobIds) {
            Ended end = ended.get(id);
            if (end != null && end.offset() >= offsets.getOrDefault(end.partition(), -1L)) {
                offsets.put(end.partition(), end.offset());
                last.put(end.partition(), id);
            }
        }
        return last.values();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A job's final snapshot, as this JVM saw it.
     *
     * @param seenNanos {@link System#nanoTime()} when the poll that brought it returned
     */
    record Ended(JobStatus status, Instant startedAt, Instant finishedAt, long seenNanos, int partition, long offset) {
    }
}
