package dev.conveyor.gateway.events;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.gateway.jobs.JobNotFoundException;
import dev.conveyor.gateway.store.JobStore;
import dev.conveyor.gateway.system.GatewayProperties;
import java.security.Principal;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Opens streams of jobs, new or resumed. */
@Component
class JobStreams {

    private final StreamRegistry registry;
    private final JobStore store;
    private final GatewayProperties properties;

    JobStreams(StreamRegistry registry, JobStore store, GatewayProperties properties) {
        this.registry = registry;
        this.store = store;
        this.properties = properties;
    }

    /**
     * Opens a stream of job {@code jobId}: its state now, then every change and line until it ends.
     *
     * @param lastEventId the id of the last event a client saw before it lost its stream, to resume
     *     after it; {@code null} for a new stream
     * @param token the key of the caller's token
     * @param caller who watches
     * @throws TooManyStreamsException past the caps on open streams
     */
    SseEmitter open(String jobId, Long lastEventId, String token, Principal caller) {
        if (store.find(jobId).isEmpty()) {
            throw new JobNotFoundException(jobId);
        }
        JobEventsTail tail = registry.tail();
        int partition = (int) tail.partitionOf(jobId).orElseThrow(EventsUnavailableException::new);
        long last = registry.recent().last(partition).orElseThrow(EventsUnavailableException::new);
        // A new stream starts after the last line passed on before it registers; the lines passed on
        // from then to its first read of them are both replayed and offered, and sent once.
        long seen = lastEventId == null ? last : lastEventId;
        SseEmitter emitter = new SseEmitter(properties.eventStreamTimeout().toMillis());
        JobStream stream = new JobStream(jobId, token, caller, emitter, tail::polls);
        // Registered before its state is read: no change can fall between the two.
        registry.register(stream, caller.getName());
        Thread.ofVirtual().name("stream-" + jobId).start(() -> {
            try {
                JobSnapshot now = store.find(jobId).orElseThrow();
                stream.run(now, seen, registry.recent().after(jobId, partition, seen));
            } finally {
                registry.forget(stream);
            }
        });
        return emitter;
    }
}
