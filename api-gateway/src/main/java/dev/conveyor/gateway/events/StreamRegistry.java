package dev.conveyor.gateway.events;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.store.StoredJobListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * The open streams of this gateway, by job: each is told of its job's snapshots as the store
 * takes them, and of its job's lines as the job-events topic brings them, which are also kept
 * for resumed streams ({@link RecentLines}). It admits a stream only within the caps of
 * {@link EventStreamProperties}, per token and in all.
 */
@Component
class StreamRegistry implements StoredJobListener, SmartLifecycle {

    private final Map<String, Set<JobStream>> byJob = new ConcurrentHashMap<>();
    private final Map<String, Integer> byToken = new HashMap<>();
    private final EventStreamProperties properties;
    private final RecentLines recent;
    private final JobEventsTail tail;
    private int open;

    StreamRegistry(ConsumerFactory<String, byte[]> consumers, Topics topics, EventStreamProperties properties) {
        this.properties = properties;
        this.recent = new RecentLines(properties.replayLines());
        this.tail = new JobEventsTail(consumers, topics, this::line, recent::restart);
    }

    JobEventsTail tail() {
        return tail;
    }

    RecentLines recent() {
        return recent;
    }

    /**
     * Counts the stream against its token's share and the gateway's, and from now on tells it of
     * its job.
     *
     * @param caller the caller's name, for the answer when it is refused
     * @throws TooManyStreamsException past either cap; the stream is not registered then
     */
    synchronized void register(JobStream stream, String caller) {
        if (open >= properties.maxStreams()) {
            throw TooManyStreamsException.ofGateway(properties.maxStreams());
        }
        if (byToken.getOrDefault(stream.token(), 0) >= properties.maxStreamsPerToken()) {
            throw TooManyStreamsException.ofToken(caller, properties.maxStreamsPerToken());
        }
        byToken.merge(stream.token(), 1, Integer::sum);
        open++;
        byJob.computeIfAbsent(stream.jobId(), id -> ConcurrentHashMap.newKeySet()).add(stream);
    }

    synchronized void forget(JobStream stream) {
        Set<JobStream> streams = byJob.get(stream.jobId());
        if (streams == null || !streams.remove(stream)) {
            return;
        }
        if (streams.isEmpty()) {
            byJob.remove(stream.jobId());
        }
        byToken.computeIfPresent(stream.token(), (token, count) -> count == 1 ? null : count - 1);
        open--;
    }

    /** The open streams of one token ({@link JobStream#token}). */
    List<JobStream> ofToken(String token) {
        return byJob.values().stream().flatMap(Set::stream).filter(stream -> stream.token().equals(token)).toList();
    }

    /** Every open stream. */
    List<JobStream> all() {
        return byJob.values().stream().flatMap(Set::stream).toList();
    }

    /** How many streams are open on this gateway. */
    synchronized int open() {
        return open;
    }

    @Override
    public void stored(JobSnapshot snapshot) {
        byJob.getOrDefault(snapshot.id(), Set.of()).forEach(stream -> stream.offer(snapshot));
    }

    /** Kept before it is offered: a stream that registers in between finds it in one or the other. */
    private void line(EventLine line) {
        recent.add(line);
        byJob.getOrDefault(line.jobId(), Set.of()).forEach(stream -> stream.offer(line));
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
