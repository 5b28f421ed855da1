package dev.conveyor.worker.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.conveyor.common.topics.Topics;
import dev.conveyor.common.workers.WorkerHeartbeat;
import dev.conveyor.worker.execution.RunningJobs;
import dev.conveyor.worker.system.WorkerProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

class HeartbeatsTests {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final String TOPIC = new Topics("hb").workers();

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);
    private final RunningJobs running = mock(RunningJobs.class);
    private final Heartbeats heartbeats = new Heartbeats(kafka, running, aWorkerWith8Slots(), Clock.fixed(NOW,
            ZoneOffset.UTC), new Topics("hb"));

    HeartbeatsTests() {
        given(kafka.send(any(), any(), any())).willReturn(acknowledged());
        given(running.count()).willReturn(3);
        given(running.countByQueue()).willReturn(Map.of("default", 3));
    }

    @AfterEach
    void stopHeartbeats() {
        heartbeats.stop();
    }

    private static WorkerProperties aWorkerWith8Slots() {
        return new WorkerProperties("w1", List.of("default", "reports"), "g", 8, Duration.ofMinutes(5),
                Duration.ofHours(1), Duration.ofSeconds(30), 10_000, 1, INTERVAL, Duration.ZERO);
    }

    private static CompletableFuture<SendResult<String, Object>> acknowledged() {
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void aRunningWorkerPublishesHeartbeatsKeyedByItsIdOnTheWorkersTopic() {
        heartbeats.start();

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                verify(kafka, atLeast(3)).send(eq(TOPIC), eq("w1"), sent.capture()));
        assertThat(sent.getValue()).isInstanceOfSatisfying(WorkerHeartbeat.class, beat -> {
            assertThat(beat.workerId()).isEqualTo("w1");
            assertThat(beat.host()).isNotBlank();
            assertThat(beat.version()).isEqualTo("dev");
            assertThat(beat.queues()).containsExactly("default", "reports");
            assertThat(beat.slots()).isEqualTo(8);
            assertThat(beat.running()).isEqualTo(3);
            assertThat(beat.runningByQueue()).containsExactly(Map.entry("default", 3));
            assertThat(beat.startedAt()).isEqualTo(NOW);
            assertThat(beat.at()).isEqualTo(NOW);
            assertThat(beat.interval()).isEqualTo(INTERVAL);
        });
    }

    @Test
    void aStoppingWorkerPublishesATombstoneSoGatewaysForgetItAtOnce() {
        heartbeats.start();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                verify(kafka, atLeastOnce()).send(eq(TOPIC), eq("w1"), any(WorkerHeartbeat.class)));

        heartbeats.stop();

        verify(kafka).send(eq(TOPIC), eq("w1"), isNull());
        assertThat(heartbeats.isRunning()).isFalse();
    }

    @Test
    void heartbeatsGoOnAfterKafkaRefusedSome() {
        given(kafka.send(any(), any(), any()))
                .willThrow(new KafkaException("no metadata"))
                .willReturn(CompletableFuture.failedFuture(new KafkaException("not acknowledged")))
                .willReturn(acknowledged());

        heartbeats.start();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                verify(kafka, atLeast(4)).send(eq(TOPIC), eq("w1"), any(WorkerHeartbeat.class)));
    }

    @Test
    void heartbeatsStopOnlyAfterTheJobConsumerHasDrained() {
        // The job consumer runs in the default phase; a lower phase stops later.
        assertThat(heartbeats.getPhase()).isLessThan(SmartLifecycle.DEFAULT_PHASE);
    }
}
