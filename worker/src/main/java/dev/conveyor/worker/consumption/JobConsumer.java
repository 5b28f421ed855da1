package dev.conveyor.worker.consumption;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.worker.execution.JobRunner;
import dev.conveyor.worker.system.WorkerProperties;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Consumes job requests and keeps polling while jobs run: polling is decoupled from execution, so
 * a slow job never delays the jobs behind it in its partition and a long job never makes the
 * worker miss its group's poll deadline.
 *
 * <p>Each request runs on its own virtual thread, at most {@code max-in-flight} at once; beyond
 * that the worker holds what it already fetched and pauses fetching. A request's offset is
 * committed once the job's final snapshot is acknowledged and every earlier record of its
 * partition is finished too. Everything that touches the Kafka consumer happens on the one
 * polling thread; jobs report back through a queue.
 */
@Component
class JobConsumer implements SmartLifecycle, ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(JobConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ConsumerFactory<String, byte[]> consumers;
    private final JobRunner runner;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final WorkerProperties properties;
    private final List<String> topics;

    /** Filled by job threads, drained by the polling thread. */
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Queue<ConsumerRecord<String, byte[]>> waiting = new ArrayDeque<>();
    private int inFlight;
    private volatile boolean paused;
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    JobConsumer(ConsumerFactory<String, byte[]> consumers, JobRunner runner, DeadLetterPublishingRecoverer deadLetters,
            WorkerProperties properties, Topics topics) {
        this.consumers = consumers;
        this.runner = runner;
        this.deadLetters = deadLetters;
        this.properties = properties;
        this.topics = properties.queues().stream().map(topics::jobs).toList();
    }

    @Override
    public void start() {
        consumer = consumers.createConsumer(properties.groupId(), properties.id());
        running = true;
        thread = Thread.ofPlatform().name("job-consumer").start(this::pollUntilStopped);
    }

    private void pollUntilStopped() {
        Consumer<String, byte[]> c = consumer;
        try (c) {
            c.subscribe(topics, this);
            log.info("Worker {} consuming {} with up to {} jobs in flight", properties.id(), topics,
                    properties.maxInFlight());
            while (running) {
                settleFinished();
                startWaiting();
                commitProgress(false);
                pauseOrResume(c);
                poll(c).forEach(this::receive);
                startWaiting();
            }
            drain(c);
        } catch (RuntimeException e) {
            log.error("Job consumption failed; this worker no longer takes jobs", e);
        }
    }

    /** Polls; a wakeup (a job finished while fetching was paused, or the worker is stopping) just ends the poll. */
    private static ConsumerRecords<String, byte[]> poll(Consumer<String, byte[]> c) {
        try {
            return c.poll(POLL);
        } catch (WakeupException woken) {
            return ConsumerRecords.empty();
        }
    }

    private void receive(ConsumerRecord<String, byte[]> record) {
        progress.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), tp -> new PartitionProgress())
                .received(record.offset());
        waiting.add(record);
    }

    private void startWaiting() {
        while (inFlight < properties.maxInFlight() && !waiting.isEmpty()) {
            start(waiting.poll());
        }
    }

    private void start(ConsumerRecord<String, byte[]> record) {
        inFlight++;
        CompletableFuture<?> work;
        try {
            work = runner.run(JsonSerde.read(record.value(), JobRequest.class));
        } catch (SerializationException e) {
            log.warn("Dead-lettering unreadable record {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
            work = CompletableFuture.runAsync(() -> deadLetters.accept(record, e), Thread::startVirtualThread);
        }
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        work.whenComplete((ok, failure) -> {
            finished.add(new Finished(tp, record.offset(), failure == null));
            if (paused) {
                consumer.wakeup();
            }
        });
    }

    private void settleFinished() {
        Finished f;
        while ((f = finished.poll()) != null) {
            inFlight--;
            PartitionProgress partition = progress.get(f.partition());
            // A partition revoked meanwhile is no longer ours to commit: its new owner runs the job again.
            if (f.done() && partition != null) {
                partition.finished(f.offset());
            }
        }
    }

    private void commitProgress(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((tp, p) -> p.toCommit().ifPresent(next -> {
            offsets.put(tp, new OffsetAndMetadata(next));
            p.committed(next);
        }));
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                consumer.commitSync(offsets);
            } catch (WakeupException woken) {
                // The wakeup is spent by throwing; the commit itself must still happen.
                consumer.commitSync(offsets);
            }
        } else {
            consumer.commitAsync(offsets, (committed, failure) -> {
                if (failure != null) {
                    log.warn("Commit of {} failed; a later commit covers it: {}", committed, failure.getMessage());
                }
            });
        }
    }

    private void pauseOrResume(Consumer<String, byte[]> c) {
        boolean full = !waiting.isEmpty() || inFlight >= properties.maxInFlight();
        if (full) {
            c.pause(c.assignment()); // again each time: partitions may have been assigned since
            paused = true;
        } else if (paused) {
            c.resume(c.paused());
            paused = false;
        }
    }

    /** Stop fetching, let running jobs finish until the drain deadline, commit what finished. */
    private void drain(Consumer<String, byte[]> c) {
        waiting.clear();
        long deadline = System.nanoTime() + properties.drainTimeout().toNanos();
        c.pause(c.assignment());
        settleFinished();
        while (inFlight > 0 && System.nanoTime() < deadline) {
            poll(c);
            settleFinished();
        }
        commitProgress(true);
        if (inFlight > 0) {
            log.warn("{} jobs did not finish within {}; they are released and will run again elsewhere", inFlight,
                    properties.drainTimeout());
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        settleFinished();
        commitProgress(true);
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            log.info("Assigned {}", partitions);
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(progress::remove);
        waiting.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
    }

    @Override
    public void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(properties.drainTimeout().plusSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private record Finished(TopicPartition partition, long offset, boolean done) {
    }
}
