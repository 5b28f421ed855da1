package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.CancelRequest;
import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.store.JobStore;
import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts a job on Kafka: first its {@code QUEUED} snapshot on the results topic, then, once that is
 * acknowledged, the request on its queue's topic. Cancels go through here too. Every method returns
 * only once Kafka acknowledged its records.
 *
 * <p>The order matters: a worker can only pick a job up after its {@code QUEUED} snapshot is
 * written, so on the compacted results topic that snapshot always precedes the worker's
 * {@code RUNNING} and final ones, and compaction keeps the newest state.
 */
@Component
class JobPublisher {

    private static final Logger log = LoggerFactory.getLogger(JobPublisher.class);

    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    private final JobStore store;
    private final PublishCircuit circuit;
    private final Duration timeout;

    JobPublisher(KafkaTemplate<String, Object> kafka, Topics topics, JobStore store, PublishCircuit circuit,
            GatewayProperties properties) {
        this.kafka = kafka;
        this.topics = topics;
        this.store = store;
        this.circuit = circuit;
        this.timeout = properties.publishTimeout();
    }

    /** Returns once Kafka holds both records; throws {@link JobNotEnqueuedException} otherwise. */
    void publish(JobRequest request, JobSnapshot queued) {
        awaitAck(() -> kafka.send(topics.jobResults(), queued.id(), queued),
                e -> new JobNotEnqueuedException(queued.id(), e));
        try {
            awaitAck(() -> kafka.send(topics.jobs(request.queue()), request.id(), request),
                    e -> new JobNotEnqueuedException(request.id(), e));
        } catch (JobNotEnqueuedException e) {
            markDead(queued, e);
            throw e;
        }
    }

    /** Tells every worker to cancel a job; throws {@link JobNotCanceledException} unless Kafka holds it. */
    void publishCancel(CancelRequest cancel) {
        awaitAck(() -> kafka.send(topics.control(), cancel.jobId(), cancel),
                e -> new JobNotCanceledException(cancel.jobId(), e));
    }

    /**
     * Publishes the {@code CANCELED} snapshot of a job that no worker holds; throws
     * {@link JobNotCanceledException} unless Kafka holds it.
     */
    void publishCanceled(JobSnapshot canceled) {
        awaitAck(() -> kafka.send(topics.jobResults(), canceled.id(), canceled),
                e -> new JobNotCanceledException(canceled.id(), e));
    }

    /** The job's QUEUED snapshot is out but its request is not: end it, so it never looks queued forever. */
    private void markDead(JobSnapshot queued, JobNotEnqueuedException cause) {
        JobSnapshot dead = queued.toUnsuccessful(JobStatus.DEAD,
                new JobError("not-enqueued", "Kafka did not acknowledge the request"), Instant.now());
        store.apply(dead);
        kafka.send(topics.jobResults(), dead.id(), dead).whenComplete((ok, failure) -> {
            if (failure != null) {
                log.warn("Could not publish DEAD for job {} either: {}", dead.id(), failure.getMessage());
            }
        });
        log.warn("Job {} was not queued", queued.id(), cause.getCause());
    }

    private void awaitAck(Supplier<CompletableFuture<?>> send, Function<Throwable, RuntimeException> notAcknowledged) {
        if (!circuit.mayTry()) {
            throw notAcknowledged.apply(new KafkaUnavailableException(circuit.failingSince().orElse(null)));
        }
        try {
            send.get().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            circuit.acknowledged();
        } catch (TimeoutException e) {
            circuit.timedOut();
            throw notAcknowledged.apply(e);
        } catch (ExecutionException e) {
            throw notAcknowledged.apply(failed(e.getCause()));
        } catch (InterruptedException e) {
            circuit.refused();
            Thread.currentThread().interrupt();
            throw notAcknowledged.apply(e);
        } catch (RuntimeException e) {
            // Thrown by send itself, e.g. when the topic's metadata could not be fetched in time.
            throw notAcknowledged.apply(failed(e));
        }
    }

    /** Tells the circuit whether a failure means Kafka is out of reach (a timeout) or refused this one record. */
    private Throwable failed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TimeoutException) {
                circuit.timedOut();
                return failure;
            }
        }
        circuit.refused();
        return failure;
    }

    /** Why a publish was not even tried: Kafka has not acknowledged anything since a while. */
    static final class KafkaUnavailableException extends Exception {

        KafkaUnavailableException(Instant since) {
            super("Kafka has not acknowledged anything since " + since + "; not waiting for it again until it does",
                    null, false, false);
        }
    }
}
