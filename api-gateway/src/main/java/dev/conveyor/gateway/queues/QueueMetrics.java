package dev.conveyor.gateway.queues;

import dev.conveyor.gateway.system.GatewayProperties;
import dev.conveyor.gateway.workers.LiveWorkers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * The queues' backlog as gauges, from the sampler's newest sample: the metric a lag alert or an
 * autoscaler watches. While Kafka does not answer, the samples age out of the window and the
 * gauges read NaN (no value) rather than a stale number.
 */
@Component
class QueueMetrics {

    private final QueueSampler sampler;
    private final Clock clock;

    QueueMetrics(MeterRegistry meters, QueueSampler sampler, LiveWorkers workers, GatewayProperties properties,
            Clock clock) {
        this.sampler = sampler;
        this.clock = clock;
        for (String queue : properties.queues()) {
            gauge(meters, "conveyor.queue.lag", "Jobs on the queue that no worker finished yet", queue,
                    QueueOffsets::depth);
            gauge(meters, "conveyor.queue.retrying", "Attempts waiting on the queue's retry topic", queue,
                    QueueOffsets::retrying);
        }
        Gauge.builder("conveyor.workers.live", workers, w -> w.live().size())
                .description("Workers whose heartbeat is recent").register(meters);
    }

    private void gauge(MeterRegistry meters, String name, String description, String queue,
            ToLongFunction<QueueOffsets> count) {
        Gauge.builder(name, this, m -> m.current(queue, count)).description(description).tag("queue", queue)
                .register(meters);
    }

    private double current(String queue, ToLongFunction<QueueOffsets> count) {
        return sampler.newestSince(clock.instant()).map(sample -> sample.queues().get(queue))
                .map(offsets -> (double) count.applyAsLong(offsets)).orElse(Double.NaN);
    }
}
