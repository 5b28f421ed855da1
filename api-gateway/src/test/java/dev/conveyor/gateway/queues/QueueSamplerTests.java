package dev.conveyor.gateway.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class QueueSamplerTests {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final QueueSampler sampler = new QueueSampler(mock(OffsetsReader.class), aGatewayWithAOneMinuteWindow());

    private static GatewayProperties aGatewayWithAOneMinuteWindow() {
        return new Binder(new MapConfigurationPropertySource(Map.of("conveyor.gateway.queue-rate-window", "PT1M")))
                .bindOrCreate("conveyor.gateway", Bindable.of(GatewayProperties.class));
    }

    private static QueueSample aSampleAt(Instant at) {
        return new QueueSample(at, Map.of());
    }

    @Test
    void ratesAreComputedAgainstTheOldestSampleOfTheLastMinute() {
        sampler.add(aSampleAt(T0));
        sampler.add(aSampleAt(T0.plusSeconds(30)));
        sampler.add(aSampleAt(T0.plusSeconds(50)));

        assertThat(sampler.oldestSince(T0.plusSeconds(55))).hasValue(aSampleAt(T0));
        assertThat(sampler.oldestSince(T0.plusSeconds(75))).hasValue(aSampleAt(T0.plusSeconds(30)));
    }

    @Test
    void aGatewayThatJustStartedHasNoEarlierSample() {
        assertThat(sampler.oldestSince(T0)).isEmpty();
    }
}
