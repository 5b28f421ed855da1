package dev.conveyor.gateway.audit;

import dev.conveyor.common.topics.TopicsProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The audit topic, which only gateways write and read, so only they declare it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

    @Bean
    NewTopic auditTopic(TopicsProperties topics, AuditProperties audit) {
        return topics.names().auditDeclaration(topics.replicationFactor(), audit.retention());
    }
}
