package dev.conveyor.gateway.events;

import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.system.TopicFollower;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Follows the job-events topic from its end and passes each line on with its offset. One job's
 * lines all live in one partition (they are keyed by job id), so a stream knows where it is by
 * that partition's offset alone. This is the gateway's one reader of the topic: live streams and
 * resumed ones are served from what it passes on.
 */
class JobEventsTail {

    private final TopicFollower follower;

    /**
     * @param lines told of each line, on the follower's thread
     * @param restarted told, on the same thread, where the tail starts each time it starts at the
     *     topic's end (again): by partition, the offset of the first line it will pass on
     */
    JobEventsTail(ConsumerFactory<String, byte[]> consumers, Topics topics, Consumer<EventLine> lines,
            Consumer<Map<Integer, Long>> restarted) {
        this.follower = TopicFollower.tail(consumers, topics.jobEvents(), () -> restarted.accept(positions()),
                record -> EventLine.of(record).ifPresent(lines));
    }

    private Map<Integer, Long> positions() {
        Map<Integer, Long> positions = new HashMap<>();
        for (int partition = 0; partition < follower.partitionCount(); partition++) {
            int p = partition;
            follower.position(p).ifPresent(offset -> positions.put(p, offset));
        }
        return positions;
    }

    /** The partition that holds the lines of job {@code jobId}, as the producers' partitioner chose it. */
    OptionalLong partitionOf(String jobId) {
        int partitions = follower.partitionCount();
        return partitions == 0 ? OptionalLong.empty()
                : OptionalLong.of(Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions);
    }

    long polls() {
        return follower.polls();
    }

    void start() {
        follower.start();
    }

    void stop() {
        follower.stop();
    }

    boolean isRunning() {
        return follower.isRunning();
    }
}
