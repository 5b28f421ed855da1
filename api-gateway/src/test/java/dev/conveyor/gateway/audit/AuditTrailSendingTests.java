package dev.conveyor.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.conveyor.common.audit.AuditEntry;
import dev.conveyor.common.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

/** The answer to a call never waits for its audit entry, even while Kafka keeps a send waiting. */
class AuditTrailSendingTests {

    private static final AuditEntry ENTRY = new AuditEntry("e1", Instant.parse("2026-12-06T10:00:00Z"), "otto",
            "OPERATOR", "t1", "job.submit", "POST", "/api/v1/jobs", null, "j1", 202, "127.0.0.1");

    private static final AuditProperties PROPERTIES = new AuditProperties(null, 50, 500, Duration.ofMinutes(1));

    @Test
    @SuppressWarnings("unchecked")
    void recordingReturnsAtOnceWhileTheSendBlocksAndTheEntryGoesOutOnceKafkaIsBack() throws Exception {
        KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);
        CountDownLatch kafkaBack = new CountDownLatch(1);
        given(kafka.send(anyString(), anyString(), any())).willAnswer(call -> {
            kafkaBack.await(); // as a producer's send waits for metadata while the brokers are away
            return CompletableFuture.completedFuture(null);
        });
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditTrail trail = new AuditTrail(kafka, new Topics("conveyor"), meters, PROPERTIES, Clock.systemUTC());

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            trail.record(ENTRY);
            trail.record(ENTRY);
        });

        kafkaBack.countDown();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                verify(kafka, org.mockito.Mockito.times(2)).send(eq("conveyor.audit"), eq("e1"), eq(ENTRY)));
        trail.destroy();
        assertThat(meters.counter("conveyor.audit.failures").count()).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEntryKafkaRefusesIsCounted() throws Exception {
        KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);
        given(kafka.send(anyString(), anyString(), any()))
                .willReturn(CompletableFuture.failedFuture(new IllegalStateException("no brokers")));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditTrail trail = new AuditTrail(kafka, new Topics("conveyor"), meters, PROPERTIES, Clock.systemUTC());

        trail.record(ENTRY);

        await().atMost(Duration.ofSeconds(5)).until(() -> meters.counter("conveyor.audit.failures").count() == 1);
        trail.destroy();
    }
}
