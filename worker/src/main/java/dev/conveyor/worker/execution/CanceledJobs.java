package dev.conveyor.worker.execution;

import dev.conveyor.common.jobs.CancelRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every cancel request this worker has read: a job it is about to start is skipped, one it runs
 * is interrupted. Requests are forgotten after the control topic's retention, like the requests
 * they could cancel.
 */
@Component
public class CanceledJobs {

    private static final Logger log = LoggerFactory.getLogger(CanceledJobs.class);
    private static final Duration KEPT = Duration.ofDays(7);

    private final Map<String, CancelRequest> byJobId = new ConcurrentHashMap<>();
    private final RunningJobs running;
    private final Clock clock;

    CanceledJobs(RunningJobs running, Clock clock) {
        this.running = running;
        this.clock = clock;
    }

    /** Takes a cancel request: remembered first, so a job starting meanwhile sees it, then the running job stops. */
    public void add(CancelRequest request) {
        byJobId.put(request.jobId(), request);
        if (running.isRunning(request.jobId())) {
            log.info("Canceling running job {} for {}", request.jobId(), request.requestedBy());
            running.cancel(request.jobId());
        }
    }

    Optional<CancelRequest> find(String jobId) {
        return Optional.ofNullable(byJobId.get(jobId));
    }

    /** Drops requests older than the control topic keeps them. */
    public void forgetExpired() {
        var oldest = clock.instant().minus(KEPT);
        byJobId.values().removeIf(r -> r.requestedAt().isBefore(oldest));
    }
}
