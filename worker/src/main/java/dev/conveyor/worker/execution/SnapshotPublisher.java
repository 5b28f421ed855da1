package dev.conveyor.worker.execution;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.topics.Topics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes job snapshots on the results topic, and next attempts on their queue's retry topic,
 * keyed by job id so one job's records stay in order.
 */
@Component
class SnapshotPublisher {

    private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;

    SnapshotPublisher(KafkaTemplate<String, Object> kafka, Topics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    CompletableFuture<SendResult<String, Object>> publish(JobSnapshot snapshot) {
        return kafka.send(topics.jobResults(), snapshot.id(), snapshot);
    }

    /**
     * Publishes a snapshot and returns only once Kafka acknowledged it, trying again for as long
     * as it takes: the request's offset may not be committed before.
     *
     * @throws InterruptedException when the worker stops first; the job is then released, not finished
     */
    void publishUntilAcknowledged(JobSnapshot snapshot) throws InterruptedException {
        untilAcknowledged(topics.jobResults(), snapshot.id(), snapshot, snapshot.status().name());
    }

    /** Publishes the request of a job's next attempt, as {@link #publishUntilAcknowledged} does. */
    void publishRetryUntilAcknowledged(JobRequest next) throws InterruptedException {
        untilAcknowledged(topics.retries(next.queue()), next.id(), next, "attempt " + next.attempt());
    }

    private void untilAcknowledged(String topic, String key, Object value, String what) throws InterruptedException {
        while (true) {
            try {
                kafka.send(topic, key, value).get();
                return;
            } catch (ExecutionException e) {
                log.warn("Publishing {} of job {} failed, trying again in {}: {}", what, key, RETRY_AFTER,
                        e.getCause().getMessage());
                Thread.sleep(RETRY_AFTER);
            }
        }
    }
}
