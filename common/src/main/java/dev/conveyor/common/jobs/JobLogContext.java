package dev.conveyor.common.jobs;

import org.slf4j.MDC;

/**
 * Names the job a thread works on in the logging context ({@code jobId}, {@code queue},
 * {@code attempt}), so that every line logged meanwhile can be found by job, in plain or JSON
 * logs alike; closing it restores what the thread had before.
 */
public final class JobLogContext implements AutoCloseable {

    private final String jobId;
    private final String queue;
    private final String attempt;

    private JobLogContext(String jobId, String queue, int attempt) {
        this.jobId = MDC.get("jobId");
        this.queue = MDC.get("queue");
        this.attempt = MDC.get("attempt");
        MDC.put("jobId", jobId);
        MDC.put("queue", queue);
        MDC.put("attempt", String.valueOf(attempt));
    }

    public static JobLogContext of(JobRequest request) {
        return new JobLogContext(request.id(), request.queue(), request.attempt());
    }

    public static JobLogContext of(JobSnapshot job) {
        return new JobLogContext(job.id(), job.queue(), job.attempt());
    }

    @Override
    public void close() {
        restore("jobId", jobId);
        restore("queue", queue);
        restore("attempt", attempt);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
