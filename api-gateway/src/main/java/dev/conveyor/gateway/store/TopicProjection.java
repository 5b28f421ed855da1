package dev.conveyor.gateway.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Projects topics into the store: reads every partition of each itself (no consumer group) and
 * keeps its position in the store ({@link ProjectionOffsets}), in the transaction that writes the
 * rows, so that after a crash it resumes exactly where its last committed rows end, and with an
 * empty store it starts from the beginning, which rebuilds the store from Kafka. What a record
 * becomes is the subclass's {@link #project}.
 */
abstract class TopicProjection implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicProjection.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    /**
     * Large polls: each is one transaction of the store, whose commit costs the same for ten
     * records as for thousands.
     */
    private static final Properties POLL_SETTINGS = new Properties();

    static {
        POLL_SETTINGS.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    }

    private final ConsumerFactory<String, byte[]> consumers;
    private final KafkaAdmin admin;
    private final ProjectionOffsets offsets;
    private final List<String> topics;
    private final String name;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    /** @param name the projection's name, of its consumer's client id and its thread */
    TopicProjection(ConsumerFactory<String, byte[]> consumers, KafkaAdmin admin, ProjectionOffsets offsets,
            List<String> topics, String name) {
        this.consumers = consumers;
        this.admin = admin;
        this.offsets = offsets;
        this.topics = List.copyOf(topics);
        this.name = name;
    }

    /**
     * Writes what one poll read, and the offsets after it ({@code saveOffsets}), in one transaction.
     */
    protected abstract void project(ConsumerRecords<String, byte[]> records, Runnable saveOffsets);

    @Override
    public void start() {
        consumer = consumers.createConsumer(null, "conveyor-gateway-" + name, null, POLL_SETTINGS);
        running = true;
        thread = Thread.ofPlatform().name(name).start(this::run);
    }

    private void run() {
        try (Consumer<String, byte[]> c = consumer) {
            while (running) {
                try {
                    Map<TopicPartition, Long> endAtStart = resumeFromStore(c);
                    while (running) {
                        ConsumerRecords<String, byte[]> records = c.poll(POLL);
                        if (!records.isEmpty()) {
                            project(records, () -> nextOffsets(records).forEach(offsets::save));
                        }
                        if (!caughtUp) {
                            caughtUp = endAtStart.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
                            if (caughtUp) {
                                log.info("The store caught up with {}", topics);
                            }
                        }
                    }
                } catch (WakeupException stopping) {
                    return;
                } catch (RuntimeException e) {
                    // Kafka or the database failed us: nothing was committed past the stored
                    // offsets, so start again from them once things may have recovered.
                    // (Every RETRY_AFTER while the broker is down: the reason, not a stack trace.)
                    log.warn("Projection of {} interrupted ({}); resuming from the stored offsets in {}", topics,
                            e.toString(), RETRY_AFTER);
                    log.debug("Projection interruption", e);
                    pause();
                }
            }
        }
    }

    /** Per topic, the next offset of each partition the records came from. */
    private static Map<String, Map<Integer, Long>> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<String, Map<Integer, Long>> next = new HashMap<>();
        records.forEach(record -> next.computeIfAbsent(record.topic(), t -> new HashMap<>())
                .merge(record.partition(), record.offset() + 1, Math::max));
        return next;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** @return the end offsets the topics had: once there, the store is as recent as it was at start */
    private Map<TopicPartition, Long> resumeFromStore(Consumer<String, byte[]> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = c.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                // The broker was unreachable when the gateway started, so its topics were never
                // created: declare them again now that it answers.
                admin.initialize();
                throw new IllegalStateException("topic " + topic + " did not exist; declared it again");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        c.assign(partitions);
        boolean fromTheBeginning = true;
        for (String topic : topics) {
            Map<Integer, Long> stored = offsets.load(topic);
            fromTheBeginning &= stored.isEmpty();
            for (TopicPartition tp : partitions) {
                if (!tp.topic().equals(topic)) {
                    continue;
                }
                Long next = stored.get(tp.partition());
                if (next == null) {
                    c.seekToBeginning(List.of(tp));
                } else {
                    c.seek(tp, next);
                }
            }
        }
        log.info("Projecting {} ({} partitions) from {}", topics, partitions.size(),
                fromTheBeginning ? "the beginning" : "the offsets in the store");
        return c.endOffsets(partitions);
    }

    /**
     * Whether the store has once read the topics up to where they ended when the gateway started:
     * before that, it may answer with what is long past.
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
