package dev.conveyor.gateway.profiles;

import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.profiles.Profile;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.system.TopicFollower;
import dev.conveyor.gateway.system.TopicListener;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Follows the compacted profiles topic into the {@link ProfileCatalog}; once it has read what the
 * topic held, the gateway loads the profiles of its folder, so that a file only makes a new version
 * when it differs from what is stored.
 */
@Component
class ProfilesListener extends TopicListener {

    private static final Logger log = LoggerFactory.getLogger(ProfilesListener.class);

    private final ProfileCatalog catalog;
    private final ProfileFolder folder;
    private final AtomicBoolean folderLoaded = new AtomicBoolean();

    ProfilesListener(ConsumerFactory<String, byte[]> consumers, ProfileCatalog catalog, ProfileFolder folder,
            Topics topics) {
        this.catalog = catalog;
        this.folder = folder;
        follow(new TopicFollower(consumers, topics.profiles(), catalog::forgetAll, this::take, this::caughtUp));
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            catalog.remove(record.key());
            return;
        }
        try {
            catalog.put(JsonSerde.read(record.value(), Profile.class));
        } catch (SerializationException e) {
            log.warn("Skipping unreadable profile at {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
        }
    }

    private void caughtUp() {
        if (folderLoaded.compareAndSet(false, true)) {
            // Not on the follower's thread: saving waits for Kafka, and the follower must go on reading.
            Thread.ofVirtual().name("profile-folder").start(folder::load);
        }
    }
}
