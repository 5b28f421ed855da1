package dev.conveyor.common.kafka;

import dev.conveyor.common.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What each of Conveyor's Kafka identities may do, derived from the topic names: the ACLs a secure
 * cluster (one with an authorizer that denies what no ACL allows) needs for a gateway and a worker to
 * run, and nothing more. Queues come and go, so their topics are matched by prefix; every other
 * topic by its exact name, so that, say, a worker cannot write job templates.
 *
 * <p>Both roles may describe and create every Conveyor topic, since each declares the topics it uses
 * at start-up; creating one grants no right to read or write it.
 */
public final class KafkaAcls {

    private KafkaAcls() {
    }

    /**
     * A gateway's: write the requests of every queue, cancel requests, job snapshots (queued,
     * canceled), templates, profiles and API tokens; read snapshots, events, heartbeats and what it
     * writes itself; see the workers' group's committed offsets (the queues' lag).
     *
     * @param user the gateway's SASL user name (principal {@code User:<user>})
     */
    public static List<AclBinding> gateway(String user, Topics topics, String workerGroup) {
        Grants grants = new Grants(user);
        grants.prefixed(topics.allPrefix(), AclOperation.DESCRIBE, AclOperation.CREATE);
        grants.prefixed(topics.jobsPrefix(), AclOperation.WRITE);
        for (String written : List.of(topics.jobResults(), topics.control(), topics.templates(), topics.profiles(),
                topics.tokens(), topics.audit())) {
            grants.literal(written, AclOperation.WRITE);
        }
        for (String read : List.of(topics.jobResults(), topics.jobEvents(), topics.workers(), topics.templates(),
                topics.profiles(), topics.tokens(), topics.audit())) {
            grants.literal(read, AclOperation.READ);
        }
        grants.group(workerGroup, AclOperation.DESCRIBE);
        return grants.bindings;
    }

    /**
     * A worker's: read the requests and retries of every queue and the cancel requests, as a member
     * of the workers' group; write snapshots, events, heartbeats, retries and dead letters.
     *
     * @param user the worker's SASL user name (principal {@code User:<user>})
     */
    public static List<AclBinding> worker(String user, Topics topics, String workerGroup) {
        Grants grants = new Grants(user);
        grants.prefixed(topics.allPrefix(), AclOperation.DESCRIBE, AclOperation.CREATE);
        grants.prefixed(topics.jobsPrefix(), AclOperation.READ);
        grants.prefixed(topics.retriesPrefix(), AclOperation.READ, AclOperation.WRITE);
        grants.literal(topics.control(), AclOperation.READ);
        for (String written : List.of(topics.jobResults(), topics.jobEvents(), topics.workers(),
                topics.deadLetters())) {
            grants.literal(written, AclOperation.WRITE);
        }
        grants.group(workerGroup, AclOperation.READ);
        return grants.bindings;
    }

    /**
     * An autoscaler's (KEDA's Kafka scaler): see the queues' jobs topics and the workers' group, which
     * is all it takes to read the group's lag on them; it can neither read nor write a record.
     *
     * @param user the autoscaler's SASL user name (principal {@code User:<user>})
     */
    public static List<AclBinding> autoscaler(String user, Topics topics, String workerGroup) {
        Grants grants = new Grants(user);
        grants.prefixed(topics.jobsPrefix(), AclOperation.DESCRIBE);
        grants.group(workerGroup, AclOperation.DESCRIBE);
        return grants.bindings;
    }

    /** ALLOW bindings of one principal, from any host. */
    private static final class Grants {

        private final String principal;
        private final List<AclBinding> bindings = new ArrayList<>();

        Grants(String user) {
            this.principal = "User:" + user;
        }

        void prefixed(String prefix, AclOperation... operations) {
            add(new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED), operations);
        }

        void literal(String topic, AclOperation... operations) {
            add(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), operations);
        }

        void group(String group, AclOperation... operations) {
            add(new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL), operations);
        }

        private void add(ResourcePattern pattern, AclOperation... operations) {
            for (AclOperation operation : operations) {
                bindings.add(new AclBinding(pattern,
                        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
            }
        }
    }
}
