package dev.conveyor.gateway.system;

import dev.conveyor.common.topics.Topics;
import dev.conveyor.common.topics.TopicsProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Creates the topics the gateway writes and reads: those of every queue it accepts, and its tokens. */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfiguration {

    @Bean
    Topics topics(TopicsProperties properties) {
        return properties.names();
    }

    @Bean
    KafkaAdmin.NewTopics conveyorTopics(TopicsProperties topics, GatewayProperties gateway) {
        return new KafkaAdmin.NewTopics(topics.declarations(gateway.queues()));
    }

    /** Only gateways use the tokens topic, so only they declare it. */
    @Bean
    NewTopic tokensTopic(TopicsProperties topics) {
        return topics.tokensDeclaration();
    }
}
