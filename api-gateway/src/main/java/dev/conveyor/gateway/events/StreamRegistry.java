package dev.conveyor.gateway.events;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.store.StoredJobListener;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * The open streams of this gateway, by job: each is told of its job's snapshots as the store
 * takes them, and of its job's lines as the job-events topic brings them.
 */
@Component
class StreamRegistry implements StoredJobListener, SmartLifecycle {

    private final Map<String, Set<JobStream>> byJob = new ConcurrentHashMap<>();
    private final JobEventsTail tail;

    StreamRegistry(ConsumerFactory<String, byte[]> consumers, Topics topics) {
        this.tail = new JobEventsTail(consumers, topics, this::line);
    }

    JobEventsTail tail() {
        return tail;
    }

    void register(JobStream stream) {
        byJob.computeIfAbsent(stream.jobId(), id -> ConcurrentHashMap.newKeySet()).add(stream);
    }

    void forget(JobStream stream) {
        byJob.computeIfPresent(stream.jobId(), (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    @Override
    public void stored(JobSnapshot snapshot) {
        byJob.getOrDefault(snapshot.id(), Set.of()).forEach(stream -> stream.offer(snapshot));
    }

    private void line(EventLine line) {
        byJob.getOrDefault(line.event().jobId(), Set.of()).forEach(stream -> stream.offer(line));
    }

    @Override
    public void start() {
        tail.start();
    }

    @Override
    public void stop() {
        tail.stop();
        byJob.values().forEach(streams -> streams.forEach(JobStream::close));
    }

    @Override
    public boolean isRunning() {
        return tail.isRunning();
    }
}
