package dev.conveyor.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.gateway.store.TestStores;
import dev.conveyor.gateway.store.JobStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Idempotent queueing on a real (in-memory) store with Kafka mocked: one job per key, whatever the retries. */
class JobQueueingTests {

    private final JobPublisher publisher = mock(JobPublisher.class);
    private final JobStore store = TestStores.anEmptyJobStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final JobQueueing queueing = new JobQueueing(publisher, store, new JobCounters(meters));

    JobQueueingTests() {
        kafkaAcknowledgesEverything();
    }

    private void kafkaAcknowledgesEverything() {
        willAnswer(call -> Collections.nCopies(call.<List<?>>getArgument(0).size(), null)).given(publisher)
                .publish(anyList());
    }

    /** Kafka acknowledges nothing in time: each record may or may not have reached its topic. */
    private void kafkaAnswersNothingInTime() {
        willAnswer(call -> Collections.nCopies(call.<List<?>>getArgument(0).size(),
                new TimeoutException("Expiring 1 record(s): 10000 ms has passed since batch creation")))
                .given(publisher).publish(anyList());
    }


    private static JobRequest aNoop(Idempotency key, int index) {
        return new JobRequest(key.jobId(index), "noop", null, "default", null, 1, null, key.caller(),
                Instant.parse("2026-11-24T10:00:00Z"), null, null, JobOrigin.DIRECT.withRequestDigest(key.digest()));
    }

    @Test
    void aRetryWithTheSameKeyAndBodyAnswersTheSameJobAndPublishesNothing() {
        Idempotency key = Idempotency.of("alice", "k-1", "submit", Map.of("type", "noop"));
        JobSnapshot first = queueing.queue(List.of(aNoop(key, 0)), key).getFirst();

        Idempotency again = Idempotency.of("alice", "k-1", "submit", Map.of("type", "noop"));
        JobSnapshot second = queueing.queue(List.of(aNoop(again, 0)), again).getFirst();

        assertThat(second.id()).isEqualTo(first.id());
        then(publisher).should(times(1)).publish(anyList());
        assertThat(meters.get("conveyor.jobs.submitted").tags("type", "noop", "queue", "default", "template", "none")
                .counter().count()).as("submitted once").isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflict() {
        Idempotency key = Idempotency.of("alice", "k-1", "submit", Map.of("type", "noop"));
        queueing.queue(List.of(aNoop(key, 0)), key);

        Idempotency other = Idempotency.of("alice", "k-1", "submit", Map.of("type", "sleep"));
        assertThatThrownBy(() -> queueing.queue(List.of(aNoop(other, 0)), other))
                .isInstanceOf(IdempotencyConflictException.class);
        then(publisher).should(times(1)).publish(anyList());
    }

    @Test
    void keysAreTheCallersOwnAndFieldOrderDoesNotMatter() {
        Idempotency alice = Idempotency.of("alice", "k-1", "submit", Map.of("type", "noop", "queue", "default"));
        Idempotency bob = Idempotency.of("bob", "k-1", "submit", Map.of("type", "noop", "queue", "default"));
        Idempotency reordered = Idempotency.of("alice", "k-1", "submit",
                new java.util.TreeMap<>(Map.of("queue", "default", "type", "noop")).descendingMap());

        assertThat(alice.jobId(0)).isNotEqualTo(bob.jobId(0)).isNotEqualTo(alice.jobId(1));
        assertThat(reordered).isEqualTo(alice);
    }

    @Test
    void aJobWhoseFirstRequestNeverReachedKafkaIsQueuedAgainAsTheNextAttempt() {
        Idempotency key = Idempotency.of("alice", "k-2", "submit", Map.of("type", "noop"));
        JobSnapshot queued = JobSnapshot.queued(aNoop(key, 0));
        store.apply(queued.toUnsuccessful(JobStatus.DEAD, new JobError(JobError.NOT_ENQUEUED, "no ack"), Instant.now()));

        JobSnapshot retried = queueing.queue(List.of(aNoop(key, 0)), key).getFirst();

        assertThat(retried.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(store.find(retried.id())).hasValueSatisfying(job -> assertThat(job.status()).isEqualTo(JobStatus.QUEUED));
    }

    @Test
    void aConcurrentRetryWhileTheFirstIsUnderWayIsAConflict() throws Exception {
        Idempotency key = Idempotency.of("alice", "k-3", "submit", Map.of("type", "noop"));
        CountDownLatch publishing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        willAnswer(call -> {
            publishing.countDown();
            release.await();
            return Collections.nCopies(1, null);
        }).given(publisher).publish(anyList());
        CompletableFuture<List<JobSnapshot>> first = CompletableFuture.supplyAsync(
                () -> queueing.queue(List.of(aNoop(key, 0)), key));
        publishing.await();

        assertThatThrownBy(() -> queueing.queue(List.of(aNoop(key, 0)), key))
                .isInstanceOf(IdempotencyConflictException.class).hasMessageContaining("under way");
        release.countDown();
        assertThat(first.get().getFirst().id()).isEqualTo(key.jobId(0));
    }

    @Test
    void aBatchRetryQueuesOnlyWhatIsMissing() {
        Idempotency key = Idempotency.of("alice", "k-4", "batch", Map.of("jobs", List.of("a", "b")));
        store.applyQueued(List.of(aNoop(key, 0)));

        List<JobSnapshot> jobs = queueing.queue(List.of(aNoop(key, 0), aNoop(key, 1)), key);

        assertThat(jobs).extracting(JobSnapshot::id).containsExactly(key.jobId(0), key.jobId(1));
        then(publisher).should().publish(List.of(aNoop(key, 1)));
    }

    @Test
    void anUnacknowledgedJobIsNeitherAnsweredNorStoredAndItsRetryPublishesItAgain() {
        Idempotency key = Idempotency.of("alice", "k-5", "submit", Map.of("type", "noop"));
        kafkaAnswersNothingInTime();

        assertThatThrownBy(() -> queueing.queue(List.of(aNoop(key, 0)), key))
                .isInstanceOf(JobNotEnqueuedException.class);
        assertThat(store.find(key.jobId(0))).as("not stored: its request may not be on Kafka").isEmpty();

        kafkaAcknowledgesEverything();
        JobSnapshot retried = queueing.queue(List.of(aNoop(key, 0)), key).getFirst();

        assertThat(retried.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(retried.attempt()).as("the same job, not a further attempt").isEqualTo(1);
        then(publisher).should(times(2)).publish(List.of(aNoop(key, 0)));
        assertThat(store.find(key.jobId(0))).isPresent();
    }

    @Test
    void ofABatchKafkaAcknowledgedInPartTheAcknowledgedAreStoredAndTheRetryPublishesTheRest() {
        Idempotency key = Idempotency.of("alice", "k-6", "batch", Map.of("jobs", List.of("a", "b")));
        willAnswer(call -> java.util.Arrays.asList(null, new TimeoutException("expired"))).given(publisher)
                .publish(anyList());

        assertThatThrownBy(() -> queueing.queue(List.of(aNoop(key, 0), aNoop(key, 1)), key))
                .isInstanceOf(JobNotEnqueuedException.class)
                .satisfies(e -> assertThat(((JobNotEnqueuedException) e).getBody().getProperties())
                        .containsEntry("notQueued", List.of(key.jobId(1))));
        assertThat(store.find(key.jobId(0))).as("acknowledged: queued").isPresent();
        assertThat(store.find(key.jobId(1))).as("not acknowledged").isEmpty();

        kafkaAcknowledgesEverything();
        queueing.queue(List.of(aNoop(key, 0), aNoop(key, 1)), key);

        then(publisher).should().publish(List.of(aNoop(key, 1)));
    }
}
