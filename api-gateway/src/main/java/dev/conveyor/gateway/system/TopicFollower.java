package dev.conveyor.gateway.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Reads a compacted topic whole, from the beginning of every partition and without a consumer
 * group, then follows it: each gateway learns the whole picture at start and keeps nothing of its
 * own. When the broker is away, or the topic not created yet, it starts over a little later, first
 * telling its reader to forget what it had. A {@linkplain #tail tail} follows a topic from its end
 * instead, to pass on what is written from now on.
 */
public final class TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    /** How often a follower that reports being up to date asks the broker where the topic ends. */
    private static final Duration CONFIRM_EVERY = Duration.ofSeconds(1);
    /** How long it waits for the answer; none means not up to date, for now. */
    private static final Duration CONFIRM_WITHIN = Duration.ofSeconds(2);

    private final ConsumerFactory<String, byte[]> consumers;
    private final String topic;
    private final Runnable forgetAll;
    private final Consumer<ConsumerRecord<String, byte[]>> take;
    private final Runnable caughtUp;
    private final boolean fromTheEnd;
    private final Clock clock;
    private final Consumer<Instant> upToDate;
    /** Per partition, the offset of the next record this follower passes on. */
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private final AtomicLong polls = new AtomicLong();
    private volatile int partitionCount;
    private volatile boolean running;
    private volatile org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param forgetAll called before every read from the beginning, once {@link #position} tells where it starts
     * @param take called with every record, a tombstone's value being {@code null}; on one thread
     */
    public TopicFollower(ConsumerFactory<String, byte[]> consumers, String topic, Runnable forgetAll,
            Consumer<ConsumerRecord<String, byte[]>> take) {
        this(consumers, topic, forgetAll, take, () -> {
        });
    }

    /**
     * @param caughtUp called after every read from the beginning has reached the end the topic had
     *     when that read began, on the same thread as {@code take}
     */
    public TopicFollower(ConsumerFactory<String, byte[]> consumers, String topic, Runnable forgetAll,
            Consumer<ConsumerRecord<String, byte[]>> take, Runnable caughtUp) {
        this(consumers, topic, forgetAll, take, caughtUp, false, null, null);
    }

    /**
     * @param upToDate told, about every second once caught up and while the broker answers, of an
     *     instant before which every record written to the topic has been passed on: the
     *     follower read {@code clock} just before it asked the broker where the topic ends, and had
     *     read that far. A reader that knows how long ago it was last told knows how stale it may be
     */
    public TopicFollower(ConsumerFactory<String, byte[]> consumers, String topic, Runnable forgetAll,
            Consumer<ConsumerRecord<String, byte[]>> take, Runnable caughtUp, Clock clock, Consumer<Instant> upToDate) {
        this(consumers, topic, forgetAll, take, caughtUp, false, clock, upToDate);
    }

    private TopicFollower(ConsumerFactory<String, byte[]> consumers, String topic, Runnable forgetAll,
            Consumer<ConsumerRecord<String, byte[]>> take, Runnable caughtUp, boolean fromTheEnd, Clock clock,
            Consumer<Instant> upToDate) {
        this.consumers = consumers;
        this.topic = topic;
        this.forgetAll = forgetAll;
        this.take = take;
        this.caughtUp = caughtUp;
        this.fromTheEnd = fromTheEnd;
        this.clock = clock;
        this.upToDate = upToDate;
    }

    /**
     * Follows a topic from its end: {@code take} sees what is written after the follower started.
     *
     * @param restarted called each time the follower starts at the topic's end again (at start, and
     *     after the broker was away: what was written meanwhile is skipped), once {@link #position}
     *     tells where, before {@code take} sees any record from there; on the same thread
     */
    public static TopicFollower tail(ConsumerFactory<String, byte[]> consumers, String topic, Runnable restarted,
            Consumer<ConsumerRecord<String, byte[]>> take) {
        return new TopicFollower(consumers, topic, restarted, take, () -> { }, true, null, null);
    }

    public void start() {
        consumer = consumers.createConsumer(null, "conveyor-gateway-" + topic);
        running = true;
        thread = Thread.ofPlatform().name("follow-" + topic).start(this::run);
    }

    private void run() {
        try (var c = consumer) {
            while (running) {
                try {
                    follow(c);
                } catch (WakeupException stopping) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("Reading {} interrupted ({}); starting over in {}", topic, e.toString(), RETRY_AFTER);
                    log.debug("{} interruption", topic, e);
                    pause();
                }
            }
        }
    }

    private void follow(org.apache.kafka.clients.consumer.Consumer<String, byte[]> c) {
        List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist yet");
        }
        c.assign(partitions);
        if (fromTheEnd) {
            c.seekToEnd(partitions);
        } else {
            c.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = c.endOffsets(partitions);
        partitionCount = partitions.size();
        partitions.forEach(partition -> positions.put(partition.partition(), c.position(partition)));
        forgetAll.run();
        boolean behind = true;
        // nanoTime has no origin: "a confirmation is due" from the first pass, whatever its value.
        long confirmedAt = System.nanoTime() - CONFIRM_EVERY.toNanos();
        while (running) {
            c.poll(POLL).forEach(take);
            partitions.forEach(partition -> positions.put(partition.partition(), c.position(partition)));
            polls.incrementAndGet();
            if (behind && partitions.stream().allMatch(partition -> c.position(partition) >= end.get(partition))) {
                behind = false;
                caughtUp.run();
            }
            if (upToDate != null && !behind && System.nanoTime() - confirmedAt >= CONFIRM_EVERY.toNanos()) {
                confirmedAt = System.nanoTime();
                confirmUpToDate(c, partitions);
            }
        }
    }

    /**
     * Asks the broker where the topic ends now; read that far, the follower has passed on every
     * record written before it asked. A broker that does not answer in time is asked again later:
     * meanwhile the follower is not told it is up to date, which is the point.
     */
    private void confirmUpToDate(org.apache.kafka.clients.consumer.Consumer<String, byte[]> c,
            List<TopicPartition> partitions) {
        Instant asked = clock.instant();
        try {
            Map<TopicPartition, Long> ends = c.endOffsets(partitions, CONFIRM_WITHIN);
            if (partitions.stream().allMatch(partition -> c.position(partition) >= ends.get(partition))) {
                upToDate.accept(asked);
            }
        } catch (TimeoutException noAnswer) {
            log.debug("The broker did not say where {} ends within {}", topic, CONFIRM_WITHIN);
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    public void stop() {
        running = false;
        var c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The offset of the next record of {@code partition} to be passed on, once the follower has started. */
    public OptionalLong position(int partition) {
        Long position = positions.get(partition);
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
    }

    /** How many partitions the topic has, or 0 before the follower has read it. */
    public int partitionCount() {
        return partitionCount;
    }

    /**
     * How many polls have ended since the follower started; a reader that waits for two more than
     * it saw has given records already on their way the time to arrive.
     */
    public long polls() {
        return polls.get();
    }

    public boolean isRunning() {
        return running;
    }
}
