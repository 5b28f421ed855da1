package dev.conveyor.common.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The one place that knows Conveyor's topic names and how each topic is configured.
 *
 * @param prefix the first segment of every name
 */
public record Topics(String prefix) {

    private static final String DEAD_LETTERS = "dlt";
    private static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** What Kafka allows in a topic name, leaving room for the longest suffix. */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,120}");

    public Topics {
        // A Kafka client given an invalid topic name retries forever: refuse it at start instead.
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("conveyor.topics.prefix must be 1 to 120 letters, digits, '.', '_' or"
                    + " '-', not '" + prefix + "'");
        }
    }
    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    /**
     * Whether {@code queue} can name a queue: lower-case letters, digits, {@code -} and {@code _};
     * not {@code dlt}, whose jobs topic would be the dead-letter topic.
     */
    public static boolean isValidQueueName(String queue) {
        return queue != null && QUEUE_NAME.matcher(queue).matches() && !queue.equals(DEAD_LETTERS);
    }

    /** Requests of one queue. */
    public String jobs(String queue) {
        if (!isValidQueueName(queue)) {
            throw new IllegalArgumentException("not a valid queue name: " + queue);
        }
        return prefix + ".jobs." + queue;
    }

    /** What every queue's jobs topic begins with (the dead-letter topic's too), for prefixed ACLs. */
    public String jobsPrefix() {
        return prefix + ".jobs.";
    }

    /** What every queue's retries topic begins with, for prefixed ACLs. */
    public String retriesPrefix() {
        return prefix + ".retries.";
    }

    /** What every Conveyor topic begins with, for prefixed ACLs. */
    public String allPrefix() {
        return prefix + ".";
    }

    /** The queue whose jobs or retries topic this is, if it is one. */
    public Optional<String> queueOf(String topic) {
        for (String kind : List.of(".jobs.", ".retries.")) {
            String start = prefix + kind;
            if (topic.startsWith(start) && isValidQueueName(topic.substring(start.length()))) {
                return Optional.of(topic.substring(start.length()));
            }
        }
        return Optional.empty();
    }

    /** Latest snapshot of every job; compacted; the system of record for job state. */
    public String jobResults() {
        return prefix + ".job-results";
    }

    /** Progress and log lines of running jobs. */
    public String jobEvents() {
        return prefix + ".job-events";
    }

    /**
     * Requests of one queue waiting for their next attempt after a failure, apart from the queue
     * itself so that they hold up none of its jobs.
     */
    public String retries(String queue) {
        if (!isValidQueueName(queue)) {
            throw new IllegalArgumentException("not a valid queue name: " + queue);
        }
        return prefix + ".retries." + queue;
    }

    /** Cancel requests, read whole by every worker; compacted. */
    public String control() {
        return prefix + ".control";
    }

    /** Worker heartbeats, latest per worker; compacted. */
    public String workers() {
        return prefix + ".workers";
    }

    /** Job templates, latest version per template, tombstones for deleted ones; compacted. */
    public String templates() {
        return prefix + ".templates";
    }

    /** Compliance profiles, latest version per profile, tombstones for deleted ones; compacted. */
    public String profiles() {
        return prefix + ".profiles";
    }

    /**
     * The gateways' API tokens, the latest state of each (hashed, never the secret); compacted and
     * never expired, read whole by every gateway. Workers have no use for it.
     */
    public String tokens() {
        return prefix + ".tokens";
    }

    /**
     * The gateways' audit trail: a record of every state-changing API call, who made it, when and
     * from where; kept, not compacted, so that it outlives any gateway. Workers have no use for it.
     */
    public String audit() {
        return prefix + ".audit";
    }

    /** Requests that could not be read or could not be run. */
    public String deadLetters() {
        return prefix + ".jobs." + DEAD_LETTERS;
    }

    /**
     * The topics gateway and workers create at start-up, for the given queues; creating a topic
     * that exists already is a no-op, so every part may declare them all.
     */
    public List<NewTopic> declarations(Collection<String> queues, int partitions, short replicas) {
        List<NewTopic> topics = new ArrayList<>();
        for (String queue : queues) {
            topics.add(topic(jobs(queue), partitions, replicas, deleteAfter(7)));
            topics.add(topic(retries(queue), partitions, replicas, deleteAfter(7)));
        }
        topics.add(topic(jobResults(), partitions, replicas, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(topic(jobEvents(), partitions, replicas, deleteAfter(3)));
        topics.add(topic(deadLetters(), 1, replicas, deleteAfter(14)));
        // Kept as long as the requests they may cancel; compaction keeps one per job meanwhile.
        topics.add(topic(control(), 1, replicas, compactAndDeleteAfter(7)));
        topics.add(topic(workers(), 1, replicas, compactAndDeleteAfter(1)));
        topics.add(topic(templates(), 1, replicas, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(topic(profiles(), 1, replicas, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        return topics;
    }

    /**
     * The tokens topic, which only gateways declare: one partition, since its few small records are
     * read whole anyway; compaction keeps every token's latest state for as long as Kafka runs.
     */
    public NewTopic tokensDeclaration(short replicas) {
        return topic(tokens(), 1, replicas, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /**
     * The audit topic, which only gateways declare: one partition, so that the trail has one order;
     * every record kept for {@code retention}, or for as long as Kafka runs when it is {@code null}.
     */
    public NewTopic auditDeclaration(short replicas, Duration retention) {
        return topic(audit(), 1, replicas, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, retention == null ? "-1" : Long.toString(retention.toMillis())));
    }

    private static Map<String, String> deleteAfter(int days) {
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(days * DAY_MS));
    }

    private static Map<String, String> compactAndDeleteAfter(int days) {
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(days * DAY_MS));
    }

    private static NewTopic topic(String name, int partitions, short replicas, Map<String, String> configs) {
        Map<String, String> all = new HashMap<>(configs);
        if (replicas >= 3) {
            // acks=all then survives one broker down without accepting writes held by a single copy.
            all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        }
        return new NewTopic(name, partitions, replicas).configs(all);
    }
}
