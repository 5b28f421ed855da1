package dev.conveyor.worker.consumption;

import dev.conveyor.common.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Copies a request that cannot or may no longer run to the dead-letter topic, trying again until
 * Kafka acknowledges it: its offset may not be committed before.
 */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final DeadLetterPublishingRecoverer recoverer;
    private final Topics topics;
    private final MeterRegistry meters;

    DeadLetters(DeadLetterPublishingRecoverer recoverer, Topics topics, MeterRegistry meters) {
        this.recoverer = recoverer;
        this.topics = topics;
        this.meters = meters;
    }

    /**
     * Publishes the record, bytes unchanged, with the reason in its headers.
     *
     * @param kind why, in a word that labels the {@code conveyor.dlt.records} counter
     * @return whether it was published; {@code false} only if the thread was interrupted first
     */
    boolean publish(ConsumerRecord<String, byte[]> record, String kind, Exception reason) {
        while (true) {
            try {
                recoverer.accept(record, reason);
                Counter.builder("conveyor.dlt.records").description("Requests copied to the dead-letter topic")
                        .tags("queue", topics.queueOf(record.topic()).orElse("unknown"), "reason", kind)
                        .register(meters).increment();
                return true;
            } catch (RuntimeException e) {
                log.warn("Dead-lettering {}-{}@{} (job {}) failed, trying again in {}: {}", record.topic(),
                        record.partition(), record.offset(), record.key(), RETRY_AFTER, e.getMessage());
                try {
                    Thread.sleep(RETRY_AFTER);
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
