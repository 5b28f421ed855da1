package dev.conveyor.gateway.store;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Projects {@code conveyor.job-results} into the {@link JobStore}.
 *
 * <p>It reads every partition itself (no consumer group) and keeps its position in the store, in
 * the transaction that writes the rows: after a crash it resumes exactly where its last committed
 * rows end, and with an empty store it starts from the beginning, which rebuilds the store from
 * Kafka.
 */
@Component
class ResultsProjection implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ResultsProjection.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final ConsumerFactory<String, byte[]> consumers;
    private final JobStore store;
    private final ProjectionOffsets offsets;
    private final KafkaAdmin admin;
    private final String topic;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    ResultsProjection(ConsumerFactory<String, byte[]> consumers, JobStore store, ProjectionOffsets offsets,
            KafkaAdmin admin, Topics topics) {
        this.consumers = consumers;
        this.store = store;
        this.offsets = offsets;
        this.admin = admin;
        this.topic = topics.jobResults();
    }

    @Override
    public void start() {
        consumer = consumers.createConsumer(null, "conveyor-gateway-projection");
        running = true;
        thread = Thread.ofPlatform().name("results-projection").start(this::run);
    }

    private void run() {
        try (Consumer<String, byte[]> c = consumer) {
            while (running) {
                try {
                    Map<TopicPartition, Long> endAtStart = resumeFromStore(c);
                    while (running) {
                        ConsumerRecords<String, byte[]> records = c.poll(POLL);
                        if (!records.isEmpty()) {
                            project(records);
                        }
                        if (!caughtUp) {
                            caughtUp = endAtStart.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
                            if (caughtUp) {
                                log.info("The store caught up with {}", topic);
                            }
                        }
                    }
                } catch (WakeupException stopping) {
                    return;
                } catch (RuntimeException e) {
                    // Kafka or the database failed us: nothing was committed past the stored
                    // offsets, so start again from them once things may have recovered.
                    // (Every RETRY_AFTER while the broker is down: the reason, not a stack trace.)
                    log.warn("Results projection interrupted ({}); resuming from the stored offsets in {}", e.toString(),
                            RETRY_AFTER);
                    log.debug("Results projection interruption", e);
                    pause();
                }
            }
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

    /** @return the end offsets the topic had: once there, the store is as recent as it was at start */
    private Map<TopicPartition, Long> resumeFromStore(Consumer<String, byte[]> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : c.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        if (partitions.isEmpty()) {
            // The broker was unreachable when the gateway started, so its topics were never
            // created: declare them again now that it answers.
            admin.initialize();
            throw new IllegalStateException("topic " + topic + " did not exist; declared it again");
        }
        c.assign(partitions);
        Map<Integer, Long> stored = offsets.load(topic);
        for (TopicPartition tp : partitions) {
            Long next = stored.get(tp.partition());
            if (next == null) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seek(tp, next);
            }
        }
        log.info("Projecting {} ({} partitions) from {}", topic, partitions.size(),
                stored.isEmpty() ? "the beginning" : "the offsets in the store");
        return c.endOffsets(partitions);
    }

    private void project(ConsumerRecords<String, byte[]> records) {
        List<JobSnapshot> snapshots = new ArrayList<>(records.count());
        Map<Integer, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            next.put(record.partition(), record.offset() + 1);
            if (record.value() == null) {
                continue;
            }
            try {
                snapshots.add(JsonSerde.read(record.value(), JobSnapshot.class));
            } catch (SerializationException e) {
                log.warn("Skipping unreadable snapshot at {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                        record.offset(), record.key(), e.getMessage());
            }
        }
        store.applyAll(snapshots, () -> offsets.save(topic, next));
    }

    /**
     * Whether the store has once read the results topic up to where it ended when the gateway
     * started: before that, it may answer with states long past.
     */
    boolean isCaughtUp() {
        return caughtUp;
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
                thread.join(Duration.ofSeconds(10));
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
