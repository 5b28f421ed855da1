package dev.conveyor.gateway.events;

import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.system.TopicFollower;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Follows the job-events topic from its end and passes each line on with its offset. One job's
 * lines all live in one partition (they are keyed by job id), so a stream knows where it is by
 * that partition's offset alone.
 */
class JobEventsTail {

    private final TopicFollower follower;

    /** @param lines told of each line, on the follower's thread */
    JobEventsTail(ConsumerFactory<String, byte[]> consumers, Topics topics, Consumer<EventLine> lines) {
        this.follower = TopicFollower.tail(consumers, topics.jobEvents(), record -> EventLine.of(record).ifPresent(lines));
    }

    /** The partition that holds the lines of job {@code jobId}, as the producers' partitioner chose it. */
    OptionalLong partitionOf(String jobId) {
        int partitions = follower.partitionCount();
        return partitions == 0 ? OptionalLong.empty()
                : OptionalLong.of(Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions);
    }

    /** The offset of the next line of {@code partition} this tail will pass on. */
    OptionalLong position(int partition) {
        return follower.position(partition);
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
