package dev.conveyor.gateway.queues;

import dev.conveyor.common.workers.WorkerHeartbeat;
import dev.conveyor.gateway.system.GatewayProperties;
import dev.conveyor.gateway.workers.LiveWorkers;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Puts together what is known of each queue: its depth from offsets read now, its rates since the
 * oldest sample of the window, its workers from their heartbeats.
 */
@Service
class QueueReport {

    private final OffsetsReader reader;
    private final QueueSampler sampler;
    private final LiveWorkers workers;
    private final List<String> queues;

    QueueReport(OffsetsReader reader, QueueSampler sampler, LiveWorkers workers, GatewayProperties properties) {
        this.reader = reader;
        this.sampler = sampler;
        this.workers = workers;
        this.queues = List.copyOf(properties.queues());
    }

    /** @throws QueuesUnavailableException when Kafka does not answer in time */
    QueuesView now() {
        QueueSample now = reader.read();
        QueueSample since = sampler.oldestSince(now.at()).orElse(null);
        List<WorkerHeartbeat> live = workers.live();
        return new QueuesView(queues.stream().map(queue -> {
            QueueOffsets offsets = now.queues().get(queue);
            List<WorkerHeartbeat> consumers = live.stream().filter(w -> w.queues().contains(queue)).toList();
            return new QueueView(queue, offsets.depth(), offsets.retrying(),
                    consumers.stream().mapToInt(w -> w.runningByQueue().getOrDefault(queue, 0)).sum(),
                    consumers.size(),
                    now.perSecond(since, queue, QueueOffsets::enqueued),
                    now.perSecond(since, queue, QueueOffsets::taken));
        }).toList());
    }
}
