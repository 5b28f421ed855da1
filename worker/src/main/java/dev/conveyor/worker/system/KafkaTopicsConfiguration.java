package dev.conveyor.worker.system;

import dev.conveyor.common.topics.Topics;
import dev.conveyor.common.topics.TopicsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Creates the topics the worker reads and writes, for every queue it consumes. */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfiguration {

    @Bean
    Topics topics(TopicsProperties properties) {
        return properties.names();
    }

    @Bean
    KafkaAdmin.NewTopics conveyorTopics(TopicsProperties topics, WorkerProperties worker) {
        return new KafkaAdmin.NewTopics(topics.declarations(worker.queues()));
    }
}
