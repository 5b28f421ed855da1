package dev.conveyor.gateway.system;

import dev.conveyor.common.jobs.RetryPolicy;
import dev.conveyor.common.types.Violation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the gateway accepts and lists jobs.
 *
 * @param queues the queues jobs may be submitted to; a job for any other queue is refused
 *     (default {@code default})
 * @param defaultQueue the queue of a job that names none (default {@code default})
 * @param maxTimeout the longest timeout a job may ask for (default 1 hour)
 * @param publishTimeout how long a submit waits for Kafka to acknowledge the job before it
 *     answers 503 (default 10 seconds)
 * @param publishProbeInterval once a publish has timed out, submits answer 503 at once but for one
 *     probe at a time, which waits for Kafka as usual and whose acknowledgement closes the circuit:
 *     how long after a failed probe the next may go (default 1 second). Short, so that a Kafka
 *     back after a broker's failover is noticed within about this long.
 * @param defaultPageSize how many jobs a list returns when the request gives no limit (default 50)
 * @param maxPageSize the largest limit a list accepts (default 500)
 * @param defaultRetry the retry policy of a job that gives none, with the keys of a job's
 *     {@code retry} ({@code max-attempts}, {@code initial-delay}, {@code multiplier},
 *     {@code max-delay}, {@code jitter}, {@code retry-on}) (default: no retry)
 * @param workerExpiry how long after its last heartbeat a worker that did not sign off (it died,
 *     or lost the brokers) is still listed; longer than the workers' heartbeat interval, with room
 *     for a missed beat and for clocks that differ a little, and never less than three of the
 *     worker's own intervals (default 15 seconds)
 * @param workerGroupId the workers' consumer group ({@code conveyor.worker.group-id}), whose
 *     committed offsets tell how much of each queue is done (default {@code conveyor-workers})
 * @param queueSampleInterval how often the gateway samples the queues' offsets, from which it
 *     computes their rates (default 5 seconds)
 * @param queueRateWindow the span over which queue rates are computed, at most; a gateway that
 *     started more recently reports over the time since (default 1 minute)
 * @param maxBatchSize the most jobs one {@code POST /api/v1/jobs:batch} may submit (default 1000)
 * @param maxRequestSize the largest request body the API reads; a larger one is answered 413,
 *     whether its size is declared up front or only shows while it streams in (default 1 MiB)
 * @param eventStreamTimeout how long a job's event stream stays open at most; a client that
 *     still wants it reconnects with {@code Last-Event-ID} and misses nothing (default 1 hour)
 * @param queuedRepairAfter how long a job may show {@code QUEUED} in the store without its request
 *     having been seen on its jobs topic before the gateway publishes that request again; only
 *     rows that a store of the first record format took from a snapshot can be so (default 2
 *     minutes, checked every tenth of it)
 * @param profilesDir a folder of profiles ({@code *.yaml}, {@code *.yml}, {@code *.json}) the
 *     gateway stores at start, each as a new version when it differs from the stored one; none
 *     when unset
 */
@ConfigurationProperties("conveyor.gateway")
public record GatewayProperties(
        @DefaultValue("default") List<String> queues,
        @DefaultValue("default") String defaultQueue,
        @DefaultValue("PT1H") Duration maxTimeout,
        @DefaultValue("PT10S") Duration publishTimeout,
        @DefaultValue("PT1S") Duration publishProbeInterval,
        @DefaultValue("50") int defaultPageSize,
        @DefaultValue("500") int maxPageSize,
        RetryPolicy defaultRetry,
        @DefaultValue("PT15S") Duration workerExpiry,
        @DefaultValue("conveyor-workers") String workerGroupId,
        @DefaultValue("PT5S") Duration queueSampleInterval,
        @DefaultValue("PT1M") Duration queueRateWindow,
        @DefaultValue("1000") int maxBatchSize,
        @DefaultValue("1MB") DataSize maxRequestSize,
        @DefaultValue("PT1H") Duration eventStreamTimeout,
        @DefaultValue("PT2M") Duration queuedRepairAfter,
        Path profilesDir) {

    public GatewayProperties {
        defaultRetry = defaultRetry == null ? RetryPolicy.NONE : defaultRetry;
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("conveyor.gateway.max-batch-size must be at least 1, was " + maxBatchSize);
        }
        List<Violation> problems = defaultRetry.problems("");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("conveyor.gateway.default-retry: " + problems.stream()
                    .map(v -> v.pointer().substring(1) + " " + v.message()).collect(Collectors.joining("; ")));
        }
    }
}
