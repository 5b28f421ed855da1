package dev.conveyor.worker.consumption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.conveyor.common.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

class DeadLettersTests {

    private static final Topics TOPICS = new Topics("conveyor");

    private final DeadLetterPublishingRecoverer recoverer = mock(DeadLetterPublishingRecoverer.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DeadLetters deadLetters = new DeadLetters(recoverer, TOPICS, meters);

    @Test
    void eachRecordPublishedCountsOnceUnderItsQueueAndReason() {
        assertThat(deadLetters.publish(aRecord(TOPICS.retries("scans")), "retries-exhausted",
                new JobDeadLetteredException("three attempts failed"))).isTrue();

        assertThat(meters.get("conveyor.dlt.records").tags("queue", "scans", "reason", "retries-exhausted").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void aPublishThatFailsIsTriedAgainAndCountedOnlyOnceItSucceeds() {
        ConsumerRecord<String, byte[]> record = aRecord(TOPICS.jobs("default"));
        willThrow(new KafkaException("timed out")).willDoNothing().given(recoverer).accept(any(), any());

        assertThat(deadLetters.publish(record, "unreadable", new IllegalArgumentException("not JSON"))).isTrue();

        verify(recoverer, times(2)).accept(any(), any());
        assertThat(meters.get("conveyor.dlt.records").tags("queue", "default", "reason", "unreadable").counter()
                .count()).isEqualTo(1);
    }

    private static ConsumerRecord<String, byte[]> aRecord(String topic) {
        return new ConsumerRecord<>(topic, 0, 7L, "job-1", new byte[] {1});
    }
}
