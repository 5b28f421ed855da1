package dev.conveyor.gateway.workers;

import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.common.workers.WorkerHeartbeat;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Follows the workers topic into {@link LiveWorkers}. It reads every partition from the beginning
 * without a consumer group: the compacted topic holds the latest heartbeat or tombstone of every
 * worker, so each gateway learns the whole picture at start and keeps nothing of its own.
 */
@Component
class WorkersListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkersListener.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final ConsumerFactory<String, byte[]> consumers;
    private final LiveWorkers workers;
    private final String topic;
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    WorkersListener(ConsumerFactory<String, byte[]> consumers, LiveWorkers workers, Topics topics) {
        this.consumers = consumers;
        this.workers = workers;
        this.topic = topics.workers();
    }

    @Override
    public void start() {
        consumer = consumers.createConsumer(null, "conveyor-gateway-workers");
        running = true;
        thread = Thread.ofPlatform().name("workers-listener").start(this::run);
    }

    private void run() {
        try (Consumer<String, byte[]> c = consumer) {
            while (running) {
                try {
                    follow(c);
                } catch (WakeupException stopping) {
                    return;
                } catch (RuntimeException e) {
                    // The broker is away or the topic not created yet: read it all again later.
                    log.warn("Reading worker heartbeats interrupted ({}); starting over in {}", e.toString(),
                            RETRY_AFTER);
                    log.debug("Worker heartbeats interruption", e);
                    pause();
                }
            }
        }
    }

    private void follow(Consumer<String, byte[]> c) {
        List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist yet");
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        workers.forgetAll();
        while (running) {
            c.poll(POLL).forEach(this::take);
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            workers.signedOff(record.key());
            return;
        }
        try {
            workers.heard(JsonSerde.read(record.value(), WorkerHeartbeat.class));
        } catch (SerializationException e) {
            log.warn("Skipping unreadable heartbeat at {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
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
