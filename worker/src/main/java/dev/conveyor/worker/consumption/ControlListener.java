package dev.conveyor.worker.consumption;

import dev.conveyor.common.jobs.CancelRequest;
import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.worker.execution.CanceledJobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * Reads every cancel request on the control topic, from its beginning, without a consumer group:
 * each worker must see them all. Job consumption waits until this reader has caught up with the
 * topic as it was at start, so a job canceled while queued is never started by a worker that
 * just came up.
 */
@Component
class ControlListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ControlListener.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    private static final Duration EXPIRY_CHECK = Duration.ofMinutes(10);

    private final ConsumerFactory<String, byte[]> consumers;
    private final CanceledJobs canceled;
    private final String topic;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    ControlListener(ConsumerFactory<String, byte[]> consumers, CanceledJobs canceled, Topics topics) {
        this.consumers = consumers;
        this.canceled = canceled;
        this.topic = topics.control();
    }

    /** Whether every cancel request published before this worker started has been read. */
    boolean caughtUp() {
        return caughtUp;
    }

    @Override
    public void start() {
        consumer = consumers.createConsumer(null, "conveyor-worker-control");
        running = true;
        thread = Thread.ofPlatform().name("control-listener").start(this::run);
    }

    private void run() {
        try (Consumer<String, byte[]> c = consumer) {
            while (running) {
                try {
                    follow(c);
                } catch (WakeupException stopping) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("Reading cancel requests interrupted ({}); starting over in {}", e.toString(),
                            RETRY_AFTER);
                    if (!pause()) {
                        return;
                    }
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
        Map<TopicPartition, Long> end = c.endOffsets(partitions);
        long nextExpiry = System.nanoTime() + EXPIRY_CHECK.toNanos();
        while (running) {
            c.poll(POLL).forEach(this::take);
            if (!caughtUp && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                caughtUp = true;
                log.info("Read the cancel requests of {}; taking jobs", topic);
            }
            if (System.nanoTime() > nextExpiry) {
                canceled.forgetExpired();
                nextExpiry = System.nanoTime() + EXPIRY_CHECK.toNanos();
            }
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            canceled.add(JsonSerde.read(record.value(), CancelRequest.class));
        } catch (SerializationException e) {
            log.warn("Skipping unreadable control record {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(RETRY_AFTER);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts before the job consumer and stops after it, which has to know every cancel while it runs jobs. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 100;
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
