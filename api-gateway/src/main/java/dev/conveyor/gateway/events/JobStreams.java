package dev.conveyor.gateway.events;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.gateway.jobs.JobNotFoundException;
import dev.conveyor.gateway.store.JobStore;
import dev.conveyor.gateway.system.GatewayProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Opens streams of jobs, new or resumed. */
@Component
class JobStreams {

    private final StreamRegistry registry;
    private final MissedEvents missed;
    private final JobStore store;
    private final GatewayProperties properties;

    JobStreams(StreamRegistry registry, MissedEvents missed, JobStore store, GatewayProperties properties) {
        this.registry = registry;
        this.missed = missed;
        this.store = store;
        this.properties = properties;
    }

    /**
     * Opens a stream of job {@code jobId}: its state now, then every change and line until it ends.
     *
     * @param lastEventId the id of the last event a client saw before it lost its stream, to resume
     *     after it; {@code null} for a new stream
     */
    SseEmitter open(String jobId, Long lastEventId) {
        if (store.find(jobId).isEmpty()) {
            throw new JobNotFoundException(jobId);
        }
        JobEventsTail tail = registry.tail();
        int partition = (int) tail.partitionOf(jobId).orElseThrow(EventsUnavailableException::new);
        long next = tail.position(partition).orElseThrow(EventsUnavailableException::new);
        SseEmitter emitter = new SseEmitter(properties.eventStreamTimeout().toMillis());
        JobStream stream = new JobStream(jobId, emitter, tail::polls);
        // Registered before its state is read: no change can fall between the two.
        registry.register(stream);
        Thread.ofVirtual().name("stream-" + jobId).start(() -> {
            try {
                JobSnapshot now = store.find(jobId).orElseThrow();
                long seen = lastEventId == null ? next - 1 : lastEventId;
                stream.run(now, seen, missed.read(jobId, partition, seen + 1, next));
            } finally {
                registry.forget(stream);
            }
        });
        return emitter;
    }
}
