package dev.conveyor.worker.consumption;

import dev.conveyor.worker.execution.Disposition;
import dev.conveyor.worker.execution.JobRunner;
import dev.conveyor.worker.execution.JobTracing;
import io.micrometer.tracing.Span;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs this worker runs from the records it consumed: starts each on a thread of its own and
 * hands what happens to it (announced, ended) back to the polling thread, which alone touches the
 * {@link PartitionLedger}. Every method but the job threads' callbacks runs on the polling thread.
 */
final class InFlightJobs {

    private static final Logger log = LoggerFactory.getLogger(InFlightJobs.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final JobRunner runner;
    private final JobTracing tracing;
    private final DeadLetters deadLetters;
    private final PartitionLedger ledger;
    /** Called from job threads once a job ended, so that a poll waiting on paused partitions returns. */
    private final Runnable wakePoller;
    /** Filled by job threads, drained by the polling thread. */
    private final BlockingQueue<RecordEvent> events = new LinkedBlockingQueue<>();
    /** Attempts that ended here lately: a second request of one ends at once. */
    private final EndedHere endedHere = new EndedHere();
    private int count;

    InFlightJobs(JobRunner runner, JobTracing tracing, DeadLetters deadLetters, PartitionLedger ledger,
            Runnable wakePoller) {
        this.runner = runner;
        this.tracing = tracing;
        this.deadLetters = deadLetters;
        this.ledger = ledger;
        this.wakePoller = wakePoller;
    }

    /** How many records are started and not yet settled. */
    int count() {
        return count;
    }

    void start(Pending pending) {
        count++;
        TopicPartition tp = pending.partition();
        long offset = pending.offset();
        ledger.started(tp, offset, pending.record().key());
        if (pending.request() == null) {
            log.warn("Dead-lettering unreadable record {}-{}@{} (key {}): {}", tp.topic(), tp.partition(), offset,
                    pending.record().key(), pending.unreadable().getMessage());
            Thread.startVirtualThread(() -> {
                boolean done = deadLetters.publish(pending.record(), "unreadable", pending.unreadable());
                report(new RecordEvent.Finished(tp, offset, done));
            });
            return;
        }
        if (endedHere.contains(pending.request().id(), pending.request().attempt())) {
            log.debug("Skipping {}-{}@{}: job {} attempt {} already ended on this worker", tp.topic(), tp.partition(),
                    offset, pending.request().id(), pending.request().attempt());
            report(new RecordEvent.Finished(tp, offset, true));
            return;
        }
        if (pending.startedBefore()) {
            log.info("Job {} was started by a worker that left; running it again as attempt {}",
                    pending.request().id(), pending.request().attempt());
        }
        Runnable announced = () -> {
            // On the producer's thread: hand over, never block.
            events.add(new RecordEvent.Announced(tp, offset));
        };
        Span span = tracing.start(pending.request(), pending.record().headers());
        runner.run(pending.request(), span, announced).whenComplete((disposition, failure) -> {
            if (failure == null) {
                endedHere.ended(pending.request().id(), pending.request().attempt());
            }
            boolean done = failure == null && settle(pending, disposition);
            report(new RecordEvent.Finished(tp, offset, done));
        });
    }

    /** Runs on the job's thread once its end is published: copies the request to the dead letters if it must go there. */
    private boolean settle(Pending pending, Disposition disposition) {
        return !disposition.deadLettered()
                || deadLetters.publish(pending.record(), disposition.deadLetterKind(),
                        new JobDeadLetteredException(disposition.deadLetterReason()));
    }

    private void report(RecordEvent.Finished f) {
        events.add(f);
        wakePoller.run();
    }

    /** Tells the ledger whatever the jobs reported since the last call. */
    void settleReported() {
        RecordEvent event;
        while ((event = events.poll()) != null) {
            settle(event);
        }
    }

    private void settle(RecordEvent event) {
        switch (event) {
            case RecordEvent.Announced a -> ledger.announced(a.partition(), a.offset());
            case RecordEvent.Finished f -> {
                count--;
                ledger.ended(f.partition(), f.offset(), f.done());
            }
        }
    }

    /** Waits for the jobs of these partitions to finish, at most {@code limit}, settling whatever they report. */
    void awaitRunning(Collection<TopicPartition> partitions, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (!ledger.runningJobIds(partitions).isEmpty() && System.nanoTime() < deadline) {
                RecordEvent event = events.poll(Math.min(POLL.toNanos(), deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                if (event != null) {
                    settle(event);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Interrupts the jobs still running from these partitions, without final states: others will run them. */
    void release(Collection<TopicPartition> partitions) {
        ledger.runningJobIds(partitions).forEach(runner::release);
    }
}
