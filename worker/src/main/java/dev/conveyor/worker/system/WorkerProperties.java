package dev.conveyor.worker.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a worker consumes and runs jobs.
 *
 * @param id this worker's name in snapshots and logs; unique per process (default: host name and
 *     process id)
 * @param queues the queues this worker consumes (default {@code default})
 * @param groupId the Kafka consumer group shared by all workers (default {@code conveyor-workers})
 * @param maxInFlight the most jobs this worker runs at once; at the bound it stops fetching
 *     (default 256)
 * @param defaultTimeout the timeout of a job that asks for none (default 5 minutes)
 * @param maxTimeout the longest a job may run whatever it asks for (default 1 hour)
 * @param drainTimeout on shutdown, how long running jobs may take to finish before they are
 *     released for another worker (default 30 seconds)
 * @param maxWaitingRetries the most requests waiting for their next attempt that this worker
 *     holds; at the bound it stops fetching retries, never new jobs (default 10000)
 * @param cpuThreads threads for job types that compute rather than wait (default: one per core)
 * @param heartbeatInterval how often this worker tells the gateway it is alive (default 5 seconds)
 * @param runningSnapshotAfter how long a job runs before the worker publishes its {@code RUNNING}
 *     snapshot; a job that ends sooner has only its end published, which halves the records of
 *     short jobs. Until that snapshot is acknowledged, a worker that dies leaves the job to run
 *     again as the same attempt. Zero publishes it as the job starts (default half a second)
 */
@ConfigurationProperties("conveyor.worker")
public record WorkerProperties(
        String id,
        @DefaultValue("default") List<String> queues,
        @DefaultValue("conveyor-workers") String groupId,
        @DefaultValue("256") int maxInFlight,
        @DefaultValue("PT5M") Duration defaultTimeout,
        @DefaultValue("PT1H") Duration maxTimeout,
        @DefaultValue("PT30S") Duration drainTimeout,
        @DefaultValue("10000") int maxWaitingRetries,
        Integer cpuThreads,
        @DefaultValue("PT5S") Duration heartbeatInterval,
        @DefaultValue("PT0.5S") Duration runningSnapshotAfter) {

    public WorkerProperties {
        if (id == null || id.isBlank()) {
            id = hostName() + "-" + ProcessHandle.current().pid();
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("conveyor.worker.max-in-flight must be at least 1");
        }
        if (maxWaitingRetries < 1) {
            throw new IllegalArgumentException("conveyor.worker.max-waiting-retries must be at least 1");
        }
        cpuThreads = cpuThreads == null ? Runtime.getRuntime().availableProcessors() : cpuThreads;
        if (cpuThreads < 1) {
            throw new IllegalArgumentException("conveyor.worker.cpu-threads must be at least 1");
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("conveyor.worker.heartbeat-interval must be positive");
        }
        if (runningSnapshotAfter.isNegative()) {
            throw new IllegalArgumentException("conveyor.worker.running-snapshot-after must not be negative");
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
