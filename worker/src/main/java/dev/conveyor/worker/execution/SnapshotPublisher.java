package dev.conveyor.worker.execution;

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

/** Publishes job snapshots on the results topic, keyed by job id so one job's snapshots stay in order. */
@Component
class SnapshotPublisher {

    private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final KafkaTemplate<String, Object> kafka;
    private final String topic;

    SnapshotPublisher(KafkaTemplate<String, Object> kafka, Topics topics) {
        this.kafka = kafka;
        this.topic = topics.jobResults();
    }

    CompletableFuture<SendResult<String, Object>> publish(JobSnapshot snapshot) {
        return kafka.send(topic, snapshot.id(), snapshot);
    }

    /**
     * Publishes a final snapshot and returns only once Kafka acknowledged it, trying again for as
     * long as it takes: the request's offset may not be committed before.
     *
     * @throws InterruptedException when the worker stops first; the job is then released, not finished
     */
    void publishUntilAcknowledged(JobSnapshot snapshot) throws InterruptedException {
        while (true) {
            try {
                publish(snapshot).get();
                return;
            } catch (ExecutionException e) {
                log.warn("Publishing {} of job {} failed, trying again in {}: {}", snapshot.status(), snapshot.id(),
                        RETRY_AFTER, e.getCause().getMessage());
                Thread.sleep(RETRY_AFTER);
            }
        }
    }
}
