package dev.conveyor.gateway.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.conveyor.gateway.system.GatewayProperties;
import dev.conveyor.gateway.workers.LiveWorkers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class QueueMetricsTests {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final GatewayProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
            "conveyor.gateway.queue-rate-window", "PT1M", "conveyor.gateway.queues", "default,scans")))
            .bindOrCreate("conveyor.gateway", Bindable.of(GatewayProperties.class));
    private final QueueSampler sampler = new QueueSampler(mock(OffsetsReader.class), properties);
    private final LiveWorkers workers = mock(LiveWorkers.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void eachQueueReportsWhatItsNewestSampleSaysIsWaitingAndRetrying() {
        given(workers.live()).willReturn(List.of());
        sampler.add(new QueueSample(T0.minusSeconds(10), Map.of("default", new QueueOffsets(100, 40, 9, 9),
                "scans", new QueueOffsets(5, 5, 0, 0))));
        sampler.add(new QueueSample(T0, Map.of("default", new QueueOffsets(120, 100, 12, 9),
                "scans", new QueueOffsets(5, 5, 0, 0))));
        new QueueMetrics(meters, sampler, workers, properties, Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(meters.get("conveyor.queue.lag").tag("queue", "default").gauge().value()).isEqualTo(20);
        assertThat(meters.get("conveyor.queue.retrying").tag("queue", "default").gauge().value()).isEqualTo(3);
        assertThat(meters.get("conveyor.queue.lag").tag("queue", "scans").gauge().value()).isZero();
        assertThat(meters.get("conveyor.workers.live").gauge().value()).isZero();
    }

    @Test
    void withoutARecentSampleTheBacklogIsUnknownRatherThanStale() {
        sampler.add(new QueueSample(T0.minusSeconds(120), Map.of("default", new QueueOffsets(100, 40, 0, 0))));
        new QueueMetrics(meters, sampler, workers, properties, Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(meters.get("conveyor.queue.lag").tag("queue", "default").gauge().value()).isNaN();
    }
}
