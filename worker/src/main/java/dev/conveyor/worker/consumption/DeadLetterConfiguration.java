package dev.conveyor.worker.consumption;

import dev.conveyor.common.topics.Topics;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    /**
     * Copies a record that cannot be run, bytes unchanged, to {@code conveyor.jobs.dlt}, with the
     * reason and the original topic, partition and offset in {@code kafka_dlt-*} headers.
     */
    @Bean
    DeadLetterPublishingRecoverer deadLetterRecoverer(ProducerFactory<String, byte[]> producers, Topics topics) {
        KafkaTemplate<String, byte[]> raw = new KafkaTemplate<>(producers,
                Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(Map.of(byte[].class, raw),
                (record, failure) -> new TopicPartition(topics.deadLetters(), -1));
        // The reason is in the exception's message; a stack trace of the worker's own classes helps nobody.
        recoverer.setStripPreviousExceptionHeaders(true);
        return recoverer;
    }
}
