package dev.conveyor.common.topics;

import java.util.Collection;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Conveyor's topics live and how they are created; shared by gateway and workers, which
 * must agree on them.
 *
 * @param prefix the first segment of every topic name, so that several Conveyor installations can
 *     share one cluster (default {@code conveyor})
 * @param partitions partitions of each jobs topic and of the results topic; for a jobs topic this
 *     is the most workers that can consume that queue at once (default 6)
 * @param replicationFactor replicas of every topic: 1 for a one-broker dev cluster, 3 in
 *     production (default 1)
 */
@ConfigurationProperties("conveyor.topics")
public record TopicsProperties(
        @DefaultValue("conveyor") String prefix,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor) {

    public Topics names() {
        return new Topics(prefix);
    }

    /** Every topic a part serving these queues must find, as configured here. */
    public NewTopic[] declarations(Collection<String> queues) {
        return names().declarations(queues, partitions, replicationFactor).toArray(NewTopic[]::new);
    }

    /** The gateways' tokens topic, as configured here. */
    public NewTopic tokensDeclaration() {
        return names().tokensDeclaration(replicationFactor);
    }
}
