package dev.conveyor.gateway.system;

import dev.conveyor.common.kafka.KafkaHealthIndicator;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {

    /** Readiness: a gateway that cannot reach Kafka can accept no job. */
    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin, Clock clock) {
        return new KafkaHealthIndicator(admin.getConfigurationProperties(), clock);
    }
}
