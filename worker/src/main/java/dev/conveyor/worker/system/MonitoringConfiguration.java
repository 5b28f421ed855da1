package dev.conveyor.worker.system;

import dev.conveyor.common.kafka.KafkaHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {

    /** Readiness: a worker that cannot reach Kafka takes no job and reports none. */
    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin, Clock clock) {
        return new KafkaHealthIndicator(admin.getConfigurationProperties(), clock);
    }

    /**
     * Every meter names its worker, so that dashboards can tell workers apart by the id the API
     * shows rather than by scrape address.
     */
    @Bean
    MeterRegistryCustomizer<MeterRegistry> workerTag(WorkerProperties properties) {
        return registry -> registry.config().commonTags("worker", properties.id());
    }
}
