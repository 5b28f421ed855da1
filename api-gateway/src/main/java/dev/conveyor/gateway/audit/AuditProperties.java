package dev.conveyor.gateway.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit trail.
 *
 * @param retention how long the audit topic keeps an entry; unset, for as long as Kafka runs.
 *     Applies when the gateway creates the topic; change it later with Kafka's own tools
 *     ({@code kafka-configs --alter --add-config retention.ms=...}) (default: unset)
 * @param defaultPageSize how many entries {@code GET /api/v1/audit} returns when the request gives
 *     no limit (default 50)
 * @param maxPageSize the largest limit it accepts (default 500)
 * @param refusalWindow how long the repeats of a refusal (the same caller refused the same action
 *     with the same status) are summed into one entry after the first is recorded (default 1 minute)
 */
@ConfigurationProperties("conveyor.gateway.audit")
record AuditProperties(Duration retention, @DefaultValue("50") int defaultPageSize,
        @DefaultValue("500") int maxPageSize, @DefaultValue("1m") Duration refusalWindow) {

    AuditProperties {
        if (refusalWindow.isNegative() || refusalWindow.isZero()) {
            throw new IllegalArgumentException("conveyor.gateway.audit.refusal-window must be positive, was "
                    + refusalWindow);
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("conveyor.gateway.audit.retention must be positive, or unset to keep"
                    + " every entry, was " + retention);
        }
    }
}
