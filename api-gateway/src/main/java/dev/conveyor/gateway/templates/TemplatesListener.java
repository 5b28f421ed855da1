package dev.conveyor.gateway.templates;

import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.templates.JobTemplate;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.system.TopicFollower;
import dev.conveyor.gateway.system.TopicListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/** Follows the compacted templates topic into the {@link TemplateCatalog}; a tombstone deletes. */
@Component
class TemplatesListener extends TopicListener {

    private static final Logger log = LoggerFactory.getLogger(TemplatesListener.class);

    private final TemplateCatalog catalog;

    TemplatesListener(ConsumerFactory<String, byte[]> consumers, TemplateCatalog catalog, Topics topics) {
        this.catalog = catalog;
        follow(new TopicFollower(consumers, topics.templates(), catalog::forgetAll, this::take));
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            catalog.remove(record.key());
            return;
        }
        try {
            catalog.put(JsonSerde.read(record.value(), JobTemplate.class));
        } catch (SerializationException e) {
            log.warn("Skipping unreadable template at {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
        }
    }
}
