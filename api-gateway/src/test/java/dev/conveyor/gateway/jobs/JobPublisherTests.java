package dev.conveyor.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.conveyor.common.jobs.CancelRequest;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/** While Kafka does not acknowledge, callers are told so at once instead of each waiting out the timeout. */
class JobPublisherTests {

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);
    private final GatewayProperties properties = new Binder(new MapConfigurationPropertySource(
            Map.of("conveyor.gateway.publish-timeout", "PT0.2S", "conveyor.gateway.publish-probe-interval", "PT0.2S")))
            .bindOrCreate("conveyor.gateway", Bindable.of(GatewayProperties.class));
    private final MutableClock clock = new MutableClock();
    private final PublishCircuit circuit = new PublishCircuit(clock, properties);
    private final JobPublisher publisher = new JobPublisher(kafka, new Topics("conveyor"), circuit, properties);

    private static CancelRequest aCancel() {
        return new CancelRequest("job-1", "alice", Instant.now());
    }

    @Test
    void afterATimeoutPublishesFailAtOnceButOneProbeGoesThroughPerProbeInterval() {
        CompletableFuture<SendResult<String, Object>> never = new CompletableFuture<>();
        given(kafka.send(anyString(), anyString(), any())).willReturn(never);

        assertThatThrownBy(() -> publisher.publishCancel(aCancel())).isInstanceOf(JobNotCanceledException.class);
        assertThat(circuit.failingSince()).isPresent();
        assertThatThrownBy(() -> publisher.publishCancel(aCancel())).as("no probe right after the failure")
                .hasRootCauseInstanceOf(JobPublisher.KafkaUnavailableException.class);

        clock.advance(Duration.ofMillis(250));
        assertThatThrownBy(() -> publisher.publishCancel(aCancel())).as("the probe")
                .isInstanceOf(JobNotCanceledException.class);
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> publisher.publishCancel(aCancel())).isInstanceOf(JobNotCanceledException.class)
                    .hasRootCauseInstanceOf(JobPublisher.KafkaUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
        }
        verify(kafka, times(2)).send(anyString(), anyString(), any());
    }

    @Test
    void theFirstAcknowledgementClosesTheCircuit() {
        given(kafka.send(anyString(), anyString(), any())).willReturn(new CompletableFuture<>(),
                CompletableFuture.completedFuture(null), CompletableFuture.completedFuture(null));
        assertThatThrownBy(() -> publisher.publishCancel(aCancel())).isInstanceOf(JobNotCanceledException.class);
        clock.advance(Duration.ofSeconds(1));

        publisher.publishCancel(aCancel());
        publisher.publishCancel(aCancel());

        assertThat(circuit.failingSince()).isEmpty();
        verify(kafka, times(3)).send(anyString(), anyString(), any());
    }

    @Test
    void aRecordKafkaRefusesDoesNotOpenTheCircuit() {
        given(kafka.send(anyString(), anyString(), any()))
                .willReturn(CompletableFuture.failedFuture(new IllegalStateException("record too large")));

        assertThatThrownBy(() -> publisher.publishCancel(aCancel())).isInstanceOf(JobNotCanceledException.class);

        assertThat(circuit.failingSince()).isEmpty();
    }

    @Test
    void aBatchGoesOutAsOneRecordPerJobOnItsQueuesTopicAndEachFailureIsReportedApart() {
        given(kafka.send(anyString(), anyString(), any())).willReturn(CompletableFuture.completedFuture(null),
                CompletableFuture.failedFuture(new IllegalStateException("record too large")));

        List<Throwable> failures = publisher.publish(List.of(aRequest("a", "default"), aRequest("b", "reports")));

        assertThat(failures.get(0)).isNull();
        assertThat(failures.get(1)).hasMessage("record too large");
        verify(kafka).send(eq("conveyor.jobs.default"), eq("a"), any(JobRequest.class));
        verify(kafka).send(eq("conveyor.jobs.reports"), eq("b"), any(JobRequest.class));
        verify(kafka, times(2)).send(anyString(), anyString(), any());
    }

    private static JobRequest aRequest(String id, String queue) {
        return new JobRequest(id, "noop", null, queue, null, 1, null, "alice", Instant.now(), null, null, null);
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-11-25T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
