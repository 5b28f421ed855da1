package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.CancelRequest;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.topics.Topics;
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
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts jobs on Kafka: each job's request on its queue's topic, which is the record of its being
 * queued. Cancels go through here too. Every method returns only once Kafka acknowledged its
 * records, or the wait for that ended.
 */
@Component
class JobPublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    private final PublishCircuit circuit;
    private final Duration timeout;

    JobPublisher(KafkaTemplate<String, Object> kafka, Topics topics, PublishCircuit circuit,
            GatewayProperties properties) {
        this.kafka = kafka;
        this.topics = topics;
        this.circuit = circuit;
        this.timeout = properties.publishTimeout();
    }

    /**
     * Sends the requests together and awaits them together: a batch costs one round trip to Kafka.
     *
     * @return per request, in order, why Kafka did not acknowledge it, or {@code null} when it did.
     *     A failure is ambiguous: a request whose acknowledgement expired may be on its topic all
     *     the same, so the caller must neither say it is queued nor that it is not.
     */
    List<Throwable> publish(List<JobRequest> requests) {
        return awaitAcks(requests.stream().<Supplier<CompletableFuture<?>>>map(
                request -> () -> kafka.send(topics.jobs(request.queue()), request.id(), request)).toList());
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
