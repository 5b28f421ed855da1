package dev.conveyor.worker.consumption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.worker.execution.Disposition;
import dev.conveyor.worker.execution.JobRunner;
import dev.conveyor.worker.execution.JobTracing;
import dev.conveyor.worker.system.WorkerProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.ConsumerFactory;

/** The poll loop against a mock Kafka consumer and a runner whose jobs end when the test says so. */
class JobConsumerTests {

    private static final Topics TOPICS = new Topics("conveyor");
    private static final TopicPartition PARTITION = new TopicPartition(TOPICS.jobs("default"), 0);

    private final LikeTheRealConsumer kafka = new LikeTheRealConsumer();
    private final JobRunner runner = mock(JobRunner.class);
    private final DeadLetters deadLetters = mock(DeadLetters.class);
    private final ControlListener control = mock(ControlListener.class);
    private final WorkerExit exit = mock(WorkerExit.class);
    /** The jobs the runner was given, in order, each ending when its future is completed. */
    private final List<CompletableFuture<Disposition>> running = new CopyOnWriteArrayList<>();
    private final List<JobRequest> started = new CopyOnWriteArrayList<>();
    private JobConsumer consumer;

    JobConsumerTests() {
        given(runner.run(any(), any(), any())).willAnswer(call -> {
            call.getArgument(2, Runnable.class).run(); // RUNNING acknowledged at once
            CompletableFuture<Disposition> job = new CompletableFuture<>();
            started.add(call.getArgument(0));
            running.add(job);
            return job;
        });
        given(deadLetters.publish(any(), any(), any())).willReturn(true);
        given(control.caughtUp()).willReturn(true);
    }

    private JobConsumer aConsumerWithSlots(int maxInFlight) {
        return aConsumerWithSlots(maxInFlight, kafka);
    }

    @SuppressWarnings("unchecked")
    private JobConsumer aConsumerWithSlots(int maxInFlight, LikeTheRealConsumer kafka) {
        ConsumerFactory<String, byte[]> factory = mock(ConsumerFactory.class);
        given(factory.createConsumer(any(), any(), any(), any())).willReturn(kafka);
        WorkerProperties properties = new WorkerProperties("w1", List.of("default"), "g", maxInFlight,
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(1), 10000, 2, Duration.ofSeconds(5), Duration.ZERO);
        consumer = new JobConsumer(factory, runner, JobTracing.untraced(), deadLetters, control, exit, properties, TOPICS,
                Clock.systemUTC(), new SimpleMeterRegistry());
        return consumer;
    }

    @AfterEach
    void stop() {
        running.forEach(job -> job.complete(Disposition.DONE));
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
        return JsonSerde.write(new JobRequest("job-" + n, "noop", null, "default", null, 1, null, "t", Instant.now(), null, null, null));
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
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> running.size() == 2);

        running.get(1).complete(Disposition.DONE);
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 3);
    }

    @Test
    void itCommitsOnlyTheContiguousFinishedPrefix() {
        publish(aNoop(0), aNoop(1), aNoop(2));
        aConsumerWithSlots(10).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 3);

        running.get(1).complete(Disposition.DONE);
        running.get(2).complete(Disposition.DONE);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(committed()).isZero());

        running.get(0).complete(Disposition.DONE);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(committed()).isEqualTo(3L));
    }

    @Test
    void aSecondRequestOfAnAttemptThatEndedHereEndsAtOnceWithoutRunning() {
        publish(aNoop(7));
        aConsumerWithSlots(10).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 1);
        running.getFirst().complete(Disposition.DONE);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(committed()).isEqualTo(1L));

        // A client's retry published the same job again, then comes another job.
        kafka.schedulePollTask(() -> {
            kafka.addRecord(new ConsumerRecord<>(PARTITION.topic(), 0, 1, "job-7", aNoop(7)));
            kafka.addRecord(new ConsumerRecord<>(PARTITION.topic(), 0, 2, "job-1", aNoop(1)));
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 2);
        running.get(1).complete(Disposition.DONE);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(committed()).isEqualTo(3L));
        assertThat(started).extracting(JobRequest::id).containsExactly("job-7", "job-1");
    }

    @Test
    void aSecondRequestOfAnAttemptStillRunningRunsAsWell() {
        byte[] job = aNoop(7);
        publish(job, job);
        aConsumerWithSlots(10).start();

        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 2);
    }

    @Test
    void aJobReleasedWithoutAResultIsNeverCommitted() {
        publish(aNoop(0), aNoop(1));
        aConsumerWithSlots(10).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 2);

        running.get(0).completeExceptionally(new IllegalStateException("worker stopped"));
        running.get(1).complete(Disposition.DONE);

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(committed()).isZero());
    }

    @Test
    void stoppingLetsRunningJobsFinishAndCommitsThem() throws InterruptedException {
        publish(aNoop(0), aNoop(1), aNoop(2));
        aConsumerWithSlots(10).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 3);
        running.get(0).complete(Disposition.DONE);

        Thread stopping = Thread.ofPlatform().start(consumer::stop);
        running.get(1).complete(Disposition.DONE);
        running.get(2).complete(Disposition.DONE);
        stopping.join(Duration.ofSeconds(10));

        assertThat(kafka.closedByWorker).isTrue();
        assertThat(committed()).isEqualTo(3L);
    }

    @Test
    void aStoppingWorkerLeavesItsGroupSoThatItsPartitionsMoveAtOnce() {
        aConsumerWithSlots(10).start();

        consumer.stop();

        assertThat(kafka.closedWith.groupMembershipOperation())
                .isEqualTo(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }

    @Test
    void aJobStillRunningAtTheDrainDeadlineIsReleasedNotCommitted() throws InterruptedException {
        publish(aNoop(0), aNoop(1));
        aConsumerWithSlots(10).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 2);
        running.get(0).complete(Disposition.DONE);

        consumer.stop(); // the drain timeout is one second; job 1 never ends

        assertThat(kafka.closedByWorker).isTrue();
        assertThat(committed()).isEqualTo(1L);
    }

    @Test
    void aWorkerWhoseIdIsAMemberAlreadyStopsConsumingAndEndsItsProcess() {
        kafka.setPollException(new UnreleasedInstanceIdException("the instance id is owned by another member"));
        aConsumerWithSlots(10).start();

        verify(exit, timeout(5000)).idTaken();
        await().atMost(Duration.ofSeconds(5)).until(() -> kafka.closedByWorker);
        assertThat(consumer.isRunning()).isFalse();
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAndTheNextOneRuns() {
        publish("{garbage".getBytes(StandardCharsets.UTF_8), aNoop(1));
        aConsumerWithSlots(10).start();

        verify(deadLetters, timeout(5000)).publish(any(), eq("unreadable"), any(Exception.class));
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 1);
        running.get(0).complete(Disposition.DONE);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(committed()).isEqualTo(2L));
    }

    @Test
    void aNewOwnerSkipsJobsThatFinishedAndRerunsThoseThatHadStartedAsAFurtherAttempt() throws InterruptedException {
        publish(aNoop(0), aNoop(1), aNoop(2));
        aConsumerWithSlots(10).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 3);
        running.get(1).complete(Disposition.DONE);
        consumer.stop(); // jobs 0 and 2 never end: released at the drain deadline
        OffsetAndMetadata handedOver = kafka.committed(Set.of(PARTITION)).get(PARTITION);

        LikeTheRealConsumer nextKafka = new LikeTheRealConsumer();
        nextKafka.committedByAnEarlierOwner = Map.of(PARTITION, handedOver);
        running.clear();
        started.clear();
        nextKafka.schedulePollTask(() -> {
            nextKafka.rebalance(List.of(PARTITION));
            nextKafka.seek(PARTITION, handedOver.offset());
            for (int offset = 0; offset < 3; offset++) {
                nextKafka.addRecord(new ConsumerRecord<>(PARTITION.topic(), 0, offset, "job-" + offset, aNoop(offset)));
            }
        });
        aConsumerWithSlots(10, nextKafka).start();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(started).as("handed over %s", handedOver).hasSize(2));
        assertThat(started).extracting(JobRequest::id).containsExactly("job-0", "job-2");
        assertThat(started).extracting(JobRequest::attempt).containsOnly(2);
        running.forEach(job -> job.complete(Disposition.DONE));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(nextKafka.committed(Set.of(PARTITION)).get(PARTITION).offset()).isEqualTo(3L));
    }

    @Test
    void recordsWaitWhileTheLastCommitsCannotBeReadAndRunOnceTheyCan() {
        kafka.commitsUnreadable = true;
        publish(aNoop(0), aNoop(1), aNoop(2));
        aConsumerWithSlots(10).start();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(started::isEmpty);

        kafka.commitsUnreadable = false;

        await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 3);
        assertThat(started).extracting(JobRequest::attempt).containsOnly(1);
    }

    @Test
    void aPartitionResumedBeyondItsLastCommitIsReadAgainFromIt() {
        // The consumer kept a fetch position of its own (a partition lost and given back to it).
        kafka.committedByAnEarlierOwner = Map.of(PARTITION, new OffsetAndMetadata(0));
        kafka.schedulePollTask(() -> {
            kafka.rebalance(List.of(PARTITION));
            kafka.updateBeginningOffsets(Map.of(PARTITION, 0L));
            for (int offset = 0; offset < 4; offset++) {
                kafka.addRecord(new ConsumerRecord<>(PARTITION.topic(), 0, offset, "job-" + offset, aNoop(offset)));
            }
            kafka.seek(PARTITION, 2);
        });
        aConsumerWithSlots(10).start();

        await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 4);
        assertThat(started).extracting(JobRequest::id).containsExactlyInAnyOrder("job-0", "job-1", "job-2", "job-3");
    }

    @Test
    void aRetryWaitsForItsTimeWithoutTakingASlot() {
        TopicPartition retries = new TopicPartition(TOPICS.retries("default"), 0);
        kafka.schedulePollTask(() -> {
            kafka.rebalance(List.of(PARTITION, retries));
            kafka.updateBeginningOffsets(Map.of(PARTITION, 0L, retries, 0L));
            kafka.addRecord(new ConsumerRecord<>(retries.topic(), 0, 0, "late", JsonSerde.write(new JobRequest("late",
                    "noop", null, "default", null, 2, null, "t", Instant.now(), null, Instant.now().plusMillis(1500), null))));
            kafka.addRecord(new ConsumerRecord<>(PARTITION.topic(), 0, 0, "job-0", aNoop(0)));
        });
        aConsumerWithSlots(1).start();

        await().atMost(Duration.ofSeconds(1)).until(() -> started.size() == 1);
        assertThat(started.getFirst().id()).isEqualTo("job-0");
        running.getFirst().complete(Disposition.DONE);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> started.size() == 1);
        await().atMost(Duration.ofSeconds(3)).until(() -> started.size() == 2);
        assertThat(started.get(1).id()).isEqualTo("late");
    }

    @Test
    void noJobStartsBeforeTheCancelRequestsAreRead() {
        publish(aNoop(0));
        aConsumerWithSlots(10);
        given(control.caughtUp()).willReturn(false);
        consumer.start();

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> started.isEmpty());
        given(control.caughtUp()).willReturn(true);
        await().atMost(Duration.ofSeconds(2)).until(() -> started.size() == 1);
    }

    @Test
    void aJobToDeadLetterIsCopiedThereBeforeItsOffsetIsCommitted() {
        publish(aNoop(0));
        aConsumerWithSlots(10).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 1);

        running.getFirst().complete(Disposition.deadLetter("retries-exhausted", "retries exhausted"));

        verify(deadLetters, timeout(5000)).publish(any(), eq("retries-exhausted"), any(JobDeadLetteredException.class));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(committed()).isEqualTo(1L));
    }

    /**
     * A mock consumer that, like the real one, makes {@code commitSync} throw once after a
     * {@code wakeup()}, and that keeps its commits readable after the worker closed it.
     */
    private static final class LikeTheRealConsumer extends MockConsumer<String, byte[]> {

        private volatile boolean wakeupPending;
        volatile boolean closedByWorker;
        volatile CloseOptions closedWith;
        /** What the group had committed before this consumer joined (the mock forgets commits on rebalance). */
        volatile Map<TopicPartition, OffsetAndMetadata> committedByAnEarlierOwner = Map.of();
        /** The group coordinator does not answer. */
        volatile boolean commitsUnreadable;
        /** Every record added, as a log: the mock forgets what a poll returned, a seek reads it again. */
        private final List<ConsumerRecord<String, byte[]>> log = new java.util.ArrayList<>();

        @Override
        public synchronized void addRecord(ConsumerRecord<String, byte[]> record) {
            log.add(record);
            super.addRecord(record);
        }

        @Override
        public synchronized void seek(TopicPartition partition, long offset) {
            super.seek(partition, offset);
            log.stream().filter(r -> r.partition() == partition.partition() && r.topic().equals(partition.topic())
                    && r.offset() >= offset).toList().forEach(super::addRecord);
        }

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
        public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions,
                Duration timeout) {
            return committed(partitions);
        }

        @Override
        public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
            if (commitsUnreadable) {
                throw new org.apache.kafka.common.errors.TimeoutException("no coordinator");
            }
            Map<TopicPartition, OffsetAndMetadata> committed = new java.util.HashMap<>(committedByAnEarlierOwner);
            committed.keySet().retainAll(partitions);
            committed.putAll(super.committed(partitions));
            return committed;
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
            closedWith = options;
            closedByWorker = true;
        }
    }
}
