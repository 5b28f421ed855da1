package dev.conveyor.common.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code kafka} health of the gateway and the workers, part of their readiness: down while
 * the cluster does not describe itself within two seconds. Kafka is asked at most every five
 * seconds, whatever the probes' rate.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

    private final KafkaReachability reachability;

    /** @param adminConfig the settings of an admin client of the cluster the part uses */
    public KafkaHealthIndicator(Map<String, Object> adminConfig, Clock clock) {
        super("Asking Kafka failed");
        this.reachability = new KafkaReachability(adminConfig, Duration.ofSeconds(2), Duration.ofSeconds(5), clock);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaReachability.Answer answer = reachability.check();
        if (answer.reachable()) {
            builder.up().withDetail("brokers", answer.brokers());
        } else {
            builder.down().withDetail("problem", answer.problem());
        }
        builder.withDetail("checkedAt", answer.checkedAt().toString());
    }

    @Override
    public void close() {
        reachability.close();
    }
}
