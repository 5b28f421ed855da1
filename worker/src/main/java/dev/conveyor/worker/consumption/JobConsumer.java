package dev.conveyor.worker.consumption;

import dev.conveyor.common.topics.Topics;
import dev.conveyor.worker.execution.JobRunner;
import dev.conveyor.worker.execution.JobTracing;
import dev.conveyor.worker.system.WorkerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Consumes job requests and keeps polling while jobs run: polling is decoupled from execution, so
 * a slow job never delays the jobs behind it in its partition and a long job never makes the
 * worker miss its group's poll deadline.
 *
 * <p>At most {@code max-in-flight} jobs run at once; beyond that the worker holds what it already
 * fetched and pauses fetching. Retries are fetched from the queue's retry topic and held until
 * their time without taking a slot. A request's offset is committed once its job's end is
 * acknowledged and every earlier record of its partition is finished too; the commit's metadata
 * tells the partition's next owner which later records finished (skip them) and which had
 * started (run them as a further attempt). Everything that touches the Kafka consumer happens on
 * the one polling thread; jobs report back through a queue.
 */
@Component
class JobConsumer implements SmartLifecycle, ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(JobConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** How long a partition being taken away may wait for its running jobs before they are released. */
    private static final Duration HANDOVER = Duration.ofSeconds(10);

    private final ConsumerFactory<String, byte[]> consumers;
    private final ControlListener control;
    private final WorkerExit exit;
    private final WorkerProperties properties;
    private final Clock clock;
    private final List<String> topics = new ArrayList<>();
    private final Set<String> retryTopics = new HashSet<>();
    private final Counter revoked;
    private final Counter lost;

    private final OffsetCommitter commits = new OffsetCommitter(() -> this.consumer);
    private final PartitionLedger ledger = new PartitionLedger(commits::lastCommits);
    /** Partitions rewound to their last commit during this poll: the rest of the poll's records of them wait. */
    private final Set<TopicPartition> rewound = new HashSet<>();
    private final Queue<Pending> waiting = new ArrayDeque<>();
    private final DelayedRetries delayed = new DelayedRetries();
    private final InFlightJobs inFlight;
    private volatile boolean paused;
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    JobConsumer(ConsumerFactory<String, byte[]> consumers, JobRunner runner, JobTracing tracing,
            DeadLetters deadLetters, ControlListener control, WorkerExit exit, WorkerProperties properties, Topics names,
            Clock clock, MeterRegistry meters) {
        this.consumers = consumers;
        this.inFlight = new InFlightJobs(runner, tracing, deadLetters, ledger, () -> {
            if (paused) {
                consumer.wakeup();
            }
        });
        this.control = control;
        this.exit = exit;
        this.properties = properties;
        this.clock = clock;
        // Long jobs must never cost a rebalance: these stay at zero while the group is stable.
        this.revoked = meters.counter("conveyor.worker.partitions.revoked");
        this.lost = meters.counter("conveyor.worker.partitions.lost");
        for (String queue : properties.queues()) {
            topics.add(names.jobs(queue));
            topics.add(names.retries(queue));
            retryTopics.add(names.retries(queue));
        }
    }

    @Override
    public void start() {
        Properties group = new Properties();
        // KIP-848: incremental, broker-driven assignment (Kafka 4).
        group.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        // The same partition numbers of a queue's jobs and retry topics go to the same worker, so
        // every worker gets new jobs; the default (uniform) assignor may give one worker only retries.
        group.put(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range");
        // Static membership: the worker's id is its member's identity, so Kafka refuses a second
        // process with the same id instead of letting two workers pass for one.
        group.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, properties.id());
        consumer = consumers.createConsumer(properties.groupId(), properties.id(), null, group);
        running = true;
        thread = Thread.ofPlatform().name("job-consumer").start(this::pollUntilStopped);
    }

    private void pollUntilStopped() {
        Consumer<String, byte[]> c = consumer;
        try {
            c.subscribe(topics, this);
            log.info("Worker {} consuming {} with up to {} jobs in flight", properties.id(), topics,
                    properties.maxInFlight());
            while (running) {
                try {
                    inFlight.settleReported();
                    waiting.addAll(delayed.due(clock.instant()));
                    startWaiting();
                    commits.commitSoon(ledger);
                    pauseOrResume(c);
                    rewound.clear();
                    poll(c).forEach(this::receive);
                    startWaiting();
                } catch (UnreleasedInstanceIdException | FencedInstanceIdException e) {
                    log.error("Worker id {} is a member of group {} already: another worker runs with this id, or this"
                            + " worker's previous process ended without leaving the group less than a session"
                            + " timeout ago. Stopping (exit code {}); give every worker an id of its own"
                            + " (conveyor.worker.id, ./conveyor worker --id). Kafka said: {}", properties.id(),
                            properties.groupId(), WorkerExit.ID_TAKEN, e.getMessage());
                    running = false;
                    exit.idTaken();
                } catch (KafkaException e) {
                    // The broker went away mid-call, a commit timed out…: nothing is lost, try again.
                    log.warn("Consuming jobs interrupted ({}); going on in {}", e.toString(), RETRY_AFTER);
                    pause();
                }
            }
            drain(c);
        } catch (RuntimeException e) {
            log.error("Job consumption failed; this worker no longer takes jobs", e);
        } finally {
            // A static member would otherwise keep its partitions for a session timeout, waiting
            // for its id to come back; a worker that stops has released its jobs, so the others
            // take its partitions at once.
            c.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
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
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        if (rewound.contains(tp)) {
            return; // read again from where it was rewound to
        }
        PartitionProgress.Arrival arrival = ledger.received(tp, record.offset());
        if (arrival == null) {
            // Its last commit could not be read: without it, read this record again next poll.
            rewind(tp, record.offset());
            return;
        }
        if (arrival == PartitionProgress.Arrival.BEYOND_LAST_COMMIT) {
            long from = ledger.resumeFrom(tp);
            log.warn("{} resumed at offset {}, beyond its last commit {}; reading it again from there", tp,
                    record.offset(), from);
            rewind(tp, from);
            return;
        }
        if (arrival == PartitionProgress.Arrival.FINISHED_BEFORE) {
            log.debug("Skipping {}-{}@{} (job {}): it finished before its partition changed hands", record.topic(),
                    record.partition(), record.offset(), record.key());
            return;
        }
        Pending pending = Pending.read(record, arrival == PartitionProgress.Arrival.STARTED_BEFORE);
        if (pending.request() != null && pending.request().notBefore() != null
                && pending.request().notBefore().isAfter(clock.instant())) {
            delayed.hold(pending, pending.request().notBefore());
        } else {
            waiting.add(pending);
        }
    }

    /** Reads a partition again from {@code offset}; the rest of this poll's records of it are dropped. */
    private void rewind(TopicPartition tp, long offset) {
        consumer.seek(tp, offset);
        rewound.add(tp);
    }

    private void startWaiting() {
        if (!control.caughtUp()) {
            return;
        }
        while (inFlight.count() < properties.maxInFlight() && !waiting.isEmpty()) {
            inFlight.start(waiting.poll());
        }
    }

    private void pauseOrResume(Consumer<String, byte[]> c) {
        Set<TopicPartition> assigned = c.assignment();
        boolean full = !waiting.isEmpty() || inFlight.count() >= properties.maxInFlight();
        Set<TopicPartition> toPause = new HashSet<>();
        if (full) {
            toPause.addAll(assigned);
        } else if (delayed.size() >= properties.maxWaitingRetries()) {
            assigned.stream().filter(tp -> retryTopics.contains(tp.topic())).forEach(toPause::add);
        }
        // Again each time: partitions may have been assigned since.
        c.pause(toPause);
        Set<TopicPartition> toResume = new HashSet<>(c.paused());
        toResume.removeAll(toPause);
        c.resume(toResume);
        paused = full;
    }

    /** Stop fetching, let running jobs finish until the drain deadline, release the rest, commit. */
    private void drain(Consumer<String, byte[]> c) {
        waiting.clear();
        c.pause(c.assignment());
        inFlight.settleReported();
        inFlight.awaitRunning(ledger.owned(), properties.drainTimeout());
        if (inFlight.count() > 0) {
            log.warn("{} jobs did not finish within {}; they are released and will run again elsewhere",
                    inFlight.count(), properties.drainTimeout());
        }
        inFlight.release(ledger.owned());
        commits.commitNow(ledger, ledger.owned());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        waiting.removeIf(p -> partitions.contains(p.partition()));
        delayed.forget(partitions);
        inFlight.settleReported();
        if (running) {
            inFlight.awaitRunning(partitions, HANDOVER);
        }
        inFlight.release(partitions);
        commits.commitNow(ledger, partitions);
        ledger.forget(partitions);
        revoked.increment(partitions.size());
        log.info("Revoked {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        waiting.removeIf(p -> partitions.contains(p.partition()));
        delayed.forget(partitions);
        inFlight.release(partitions);
        ledger.forget(partitions);
        lost.increment(partitions.size());
        log.warn("Lost {}; their running jobs were released", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        ledger.assigned(partitions);
        log.info("Assigned {}", partitions);
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
}
