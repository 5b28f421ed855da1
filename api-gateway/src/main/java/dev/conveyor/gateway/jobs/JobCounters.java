package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobOrigin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counts the jobs this gateway queued and the ones it ended itself (canceled before any worker
 * held them), labelled like the workers' counts so that sums over all parts add up. Labels are
 * bounded: type, queue, template and status, never a job id.
 */
@Component
class JobCounters {

    /** The {@code template} label of a job launched without one, as the workers write it. */
    private static final String NO_TEMPLATE = "none";

    private final MeterRegistry meters;

    JobCounters(MeterRegistry meters) {
        this.meters = meters;
    }

    void submitted(String type, String queue, JobOrigin origin) {
        Counter.builder("conveyor.jobs.submitted").description("Jobs accepted and queued on Kafka")
                .tags("type", type, "queue", queue, "template", templateOf(origin)).register(meters).increment();
    }

    void canceled(String type, String queue, JobOrigin origin) {
        Counter.builder("conveyor.jobs.completed").description("Jobs that reached a final state")
                .tags("type", type, "queue", queue, "template", templateOf(origin), "status", "CANCELED")
                .register(meters).increment();
    }

    private static String templateOf(JobOrigin origin) {
        return origin.templateId() == null ? NO_TEMPLATE : origin.templateId();
    }
}
