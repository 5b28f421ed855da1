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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    /**
     * Queues jobs: returns once Kafka holds both records of every one. Records are sent together
     * and awaited together, so a batch costs two round trips to Kafka, not two per job.
     *
     * @throws JobNotEnqueuedException naming the jobs Kafka did not take; those are ended
     *     {@code DEAD} ({@code not-enqueued}), the others are queued
     */
    void publish(List<JobRequest> requests) {
        List<JobSnapshot> queued = requests.stream().map(JobSnapshot::queued).toList();
        List<Throwable> snapshotFailures = awaitAcks(queued.stream()
                .<Supplier<CompletableFuture<?>>>map(q -> () -> kafka.send(topics.jobResults(), q.id(), q)).toList());
        List<Supplier<CompletableFuture<?>>> sends = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            JobRequest request = requests.get(i);
            Throwable snapshotFailure = snapshotFailures.get(i);
            // A job whose QUEUED snapshot is not out must not reach a worker: its RUNNING could be compacted away.
            sends.add(snapshotFailure == null
                    ? () -> kafka.send(topics.jobs(request.queue()), request.id(), request)
                    : () -> CompletableFuture.failedFuture(snapshotFailure));
        }
        List<Throwable> failures = awaitAcks(sends);
        List<String> notQueued = new ArrayList<>();
        Throwable firstFailure = null;
        for (int i = 0; i < requests.size(); i++) {
            if (failures.get(i) != null) {
                notQueued.add(requests.get(i).id());
                firstFailure = firstFailure == null ? failures.get(i) : firstFailure;
                if (snapshotFailures.get(i) == null) {
                    markDead(queued.get(i), failures.get(i));
                }
            }
        }
        if (!notQueued.isEmpty()) {
            throw new JobNotEnqueuedException(notQueued, requests.size(), firstFailure);
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
    private void markDead(JobSnapshot queued, Throwable cause) {
        JobSnapshot dead = queued.toUnsuccessful(JobStatus.DEAD,
                new JobError(JobError.NOT_ENQUEUED, "Kafka did not acknowledge the request"), Instant.now());
        store.apply(dead);
        kafka.send(topics.jobResults(), dead.id(), dead).whenComplete((ok, failure) -> {
            if (failure != null) {
                log.warn("Could not publish DEAD for job {} either: {}", dead.id(), failure.getMessage());
            }
        });
        log.warn("Job {} was not queued", queued.id(), cause);
    }

    private void awaitAck(Supplier<CompletableFuture<?>> send, Function<Throwable, RuntimeException> notAcknowledged) {
        Throwable failure = awaitAcks(List.of(send)).getFirst();
        if (failure != null) {
            throw notAcknowledged.apply(failure);
        }
    }

    /**
     * Sends, then waits for every acknowledgement until one shared deadline.
     *
     * @return per send, in order, why it was not acknowledged, or {@code null} when it was
     */
    private List<Throwable> awaitAcks(List<Supplier<CompletableFuture<?>>> sends) {
        if (!circuit.mayTry()) {
            Throwable down = new KafkaUnavailableException(circuit.failingSince().orElse(null));
            return Collections.nCopies(sends.size(), down);
        }
        List<CompletableFuture<?>> acks = new ArrayList<>(sends.size());
        for (Supplier<CompletableFuture<?>> send : sends) {
            try {
                acks.add(send.get());
            } catch (RuntimeException e) {
                // Thrown by send itself, e.g. when the topic's metadata could not be fetched in time.
                acks.add(CompletableFuture.failedFuture(e));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Throwable> failures = new ArrayList<>(acks.size());
        boolean acknowledged = false;
        boolean timedOut = false;
        for (CompletableFuture<?> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                failures.add(null);
                acknowledged = true;
            } catch (TimeoutException e) {
                failures.add(e);
                timedOut = true;
            } catch (ExecutionException e) {
                failures.add(e.getCause());
                timedOut |= isTimeout(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(e);
            }
        }
        if (timedOut) {
            circuit.timedOut();
        } else if (acknowledged) {
            circuit.acknowledged();
        } else {
            circuit.refused();
        }
        return failures;
    }

    /** Whether a failure means Kafka is out of reach (a timeout), rather than that it refused this one record. */
    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Why a publish was not even tried: Kafka has not acknowledged anything since a while. */
    static final class KafkaUnavailableException extends Exception {

        KafkaUnavailableException(Instant since) {
            super("Kafka has not acknowledged anything since " + since + "; not waiting for it again until it does",
                    null, false, false);
        }
    }
}
