package dev.conveyor.gateway.audit;

import dev.conveyor.common.audit.AuditEntry;
import dev.conveyor.common.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes the audit trail to its topic, which every gateway projects into its store and which
 * outlives them all. The call it records has been answered by then, so the write is not waited
 * for; should Kafka refuse it, the entry goes to the log whole (it holds no secret) and
 * {@code conveyor_audit_failures_total} counts it, for an alert.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final KafkaTemplate<String, Object> kafka;
    private final String topic;
    private final Counter failures;

    AuditTrail(KafkaTemplate<String, Object> kafka, Topics topics, MeterRegistry meters) {
        this.kafka = kafka;
        this.topic = topics.audit();
        this.failures = Counter.builder("conveyor.audit.failures")
                .description("Audit entries Kafka did not take; each is in the gateway's log instead")
                .register(meters);
    }

    public void record(AuditEntry entry) {
        try {
            kafka.send(topic, entry.id(), entry).whenComplete((sent, failure) -> {
                if (failure != null) {
                    lost(entry, failure);
                }
            });
        } catch (RuntimeException e) {
            lost(entry, e);
        }
    }

    private void lost(AuditEntry entry, Throwable failure) {
        failures.increment();
        log.error("Audit entry not written to {} ({}): {}", topic, failure.toString(), entry);
    }
}
