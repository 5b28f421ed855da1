package dev.conveyor.worker.consumption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.worker.execution.JobRunner;
import dev.conveyor.worker.system.WorkerProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/** The poll loop against a mock Kafka consumer and a runner whose jobs end when the test says so. */
class JobConsumerTests {

    private static final Topics TOPICS = new Topics("conveyor");
    private static final TopicPartition PARTITION = new TopicPartition(TOPICS.jobs("default"), 0);

    private final LikeTheRealConsumer kafka = new LikeTheRealConsumer();
    private final JobRunner runner = mock(JobRunner.class);
    private final DeadLetterPublishingRecoverer deadLetters = mock(DeadLetterPublishingRecoverer.class);
    /** The jobs the runner was given, in order, each ending when its future is completed. */
    private final List<CompletableFuture<Void>> running = new CopyOnWriteArrayList<>();
    private JobConsumer consumer;

    @SuppressWarnings("unchecked")
    private JobConsumer aConsumerWithSlots(int maxInFlight) {
        ConsumerFactory<String, byte[]> factory = mock(ConsumerFactory.class);
        given(factory.createConsumer(any(), any())).willReturn(kafka);
        given(runner.run(any())).willAnswer(call -> {
            CompletableFuture<Void> job = new CompletableFuture<>();
            running.add(job);
            return job;
        });
        WorkerProperties properties = new WorkerProperties("w1", List.of("default"), "g", maxInFlight,
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(1), 10000, 2, Duration.ofSeconds(5));
        consumer = new JobConsumer(factory, runner, deadLetters, properties, TOPICS);
        return consumer;
    }

    @AfterEach
    void stop() {
        running.forEach(job -> job.complete(null));
        if (consumer != null && consumer.isRunning()) {
            consumer.stop();
        }
    }

    private void publish(byte[]... values) {
        kafka.schedulePollTask(() -> {
            kafka.rebalance(List.of(PARTITION));
            kafka.updateBeginningOffsets(Map.of(PARTITION, 0L));
            for (int offset = 0; offset < values.length; offset++) {
                kafka.addRecord(new ConsumerRecord<>(PARTITION.topic(), 0, offset, "job-" + offset, values[offset]));
            }
        });
    }

    private static byte[] aNoop(int n) {
        return JsonSerde.write(new JobRequest("job-" + n, "noop", null, "default", null, 1, null, "t", Instant.now(), null, null));
    }

    /** The committed offset: where another worker would resume (0 when nothing is committed). */
    private long committed() {
        OffsetAndMetadata offset = kafka.committed(Set.of(PARTITION)).get(PARTITION);
        return offset == null ? 0 : offset.offset();
    }

    @Test
    void atTheBoundItRunsNoMoreJobsAndPausesFetching() {
        publish(aNoop(0), aNoop(1), aNoop(2), aNoop(3), aNoop(4));
        aConsumerWithSlots(2).start();

        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> kafka.paused().contains(PARTITION));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> running.size() == 2);

        running.get(1).complete(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 3);
    }

    @Test
    void itCommitsOnlyTheContiguousFinishedPrefix() {
        publish(aNoop(0), aNoop(1), aNoop(2));
        aConsumerWithSlots(10).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 3);

        running.get(1).complete(null);
        running.get(2).complete(null);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(committed()).isZero());

        running.get(0).complete(null);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(committed()).isEqualTo(3L));
    }

    @Test
    void aJobReleasedWithoutAResultIsNeverCommitted() {
        publish(aNoop(0), aNoop(1));
        aConsumerWithSlots(10).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 2);

        running.get(0).completeExceptionally(new IllegalStateException("worker stopped"));
        running.get(1).complete(null);

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(committed()).isZero());
    }

    @Test
    void stoppingLetsRunningJobsFinishAndCommitsThem() throws InterruptedException {
        publish(aNoop(0), aNoop(1), aNoop(2));
        aConsumerWithSlots(10).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 3);
        running.get(0).complete(null);

        Thread stopping = Thread.ofPlatform().start(consumer::stop);
        running.get(1).complete(null);
        running.get(2).complete(null);
        stopping.join(Duration.ofSeconds(10));

        assertThat(kafka.closedByWorker).isTrue();
        assertThat(committed()).isEqualTo(3L);
    }

    @Test
    void aJobStillRunningAtTheDrainDeadlineIsReleasedNotCommitted() throws InterruptedException {
        publish(aNoop(0), aNoop(1));
        aConsumerWithSlots(10).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 2);
        running.get(0).complete(null);

        consumer.stop(); // the drain timeout is one second; job 1 never ends

        assertThat(kafka.closedByWorker).isTrue();
        assertThat(committed()).isEqualTo(1L);
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAndTheNextOneRuns() {
        publish("{garbage".getBytes(StandardCharsets.UTF_8), aNoop(1));
        aConsumerWithSlots(10).start();

        verify(deadLetters, timeout(5000)).accept(any(), any(Exception.class));
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 1);
        running.get(0).complete(null);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(committed()).isEqualTo(2L));
    }

    /**
     * A mock consumer that, like the real one, makes {@code commitSync} throw once after a
     * {@code wakeup()}, and that keeps its commits readable after the worker closed it.
     */
    private static final class LikeTheRealConsumer extends MockConsumer<String, byte[]> {

        private volatile boolean wakeupPending;
        volatile boolean closedByWorker;

        LikeTheRealConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void wakeup() {
            wakeupPending = true;
            super.wakeup();
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (wakeupPending) {
                wakeupPending = false;
                throw new WakeupException();
            }
            super.commitSync(offsets);
        }

        @Override
        public void close() {
            closedByWorker = true;
        }

        @Override
        public synchronized void close(Duration timeout) {
            closedByWorker = true;
        }

        @Override
        public void close(CloseOptions options) {
            closedByWorker = true;
        }
    }
}
