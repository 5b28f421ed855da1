package dev.conveyor.common.targets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The scope of every queue: its own settings where it has them, the default's where it does not. */
public final class TargetScopes {

    /**
     * Denied unless a queue sets {@code deny-metadata: false}: where a cloud machine learns its
     * credentials and identity, and the link-local networks that lead there. A check pointed at
     * them from a worker in a cloud would read the worker's own secrets.
     * <ul>
     *   <li>{@code 169.254.0.0/16}: IPv4 link-local; the metadata service of AWS, GCP, Azure,
     *       OpenStack, DigitalOcean and Oracle at {@code 169.254.169.254}, ECS task metadata at
     *       {@code 169.254.170.2};
     *   <li>{@code fe80::/10}: IPv6 link-local;
     *   <li>{@code fd00:ec2::254}: the AWS metadata service over IPv6;
     *   <li>{@code 100.100.100.200}: the Alibaba Cloud metadata service;
     *   <li>{@code 168.63.129.16}: Azure's host endpoint (WireServer);
     *   <li>{@code 0.0.0.0/8}, {@code ::}: "this host", which reaches the worker's own loopback
     *       whatever the rules on {@code 127.0.0.0/8} say;
     *   <li>{@code metadata.google.internal}, {@code metadata.goog}: GCP's names for its metadata
     *       service (their address is denied anyway; the names are refused before resolving).
     * </ul>
     */
    public static final List<String> METADATA = List.of("169.254.0.0/16", "fe80::/10", "fd00:ec2::254",
            "100.100.100.200", "168.63.129.16", "0.0.0.0/8", "::", "metadata.google.internal", "metadata.goog");

    private static final List<TargetRule> METADATA_RULES = METADATA.stream().map(TargetRule::parse).toList();

    private final TargetsProperties.Scope defaults;
    private final Map<String, TargetScope> queues = new HashMap<>();

    /** @throws IllegalArgumentException when a rule cannot be read, naming its property */
    public TargetScopes(TargetsProperties properties) {
        this.defaults = properties.defaults();
        properties.queues().forEach((queue, own) -> queues.put(queue,
                scope(name(queue) + " (conveyor.targets.queues." + queue + ")", own.over(defaults))));
    }

    /** The scope of the jobs of {@code queue}; the default one for a queue without settings of its own. */
    public TargetScope forQueue(String queue) {
        TargetScope own = queue == null ? null : queues.get(queue);
        return own != null ? own : scope(name(queue) + " (conveyor.targets.default)", defaults);
    }

    private static String name(String queue) {
        return queue == null ? "the default queue" : "queue '" + queue + "'";
    }

    private static TargetScope scope(String label, TargetsProperties.Scope scope) {
        return new TargetScope(label, scope.denyMetadata() ? METADATA_RULES : List.of(), scope.denyRules(),
                scope.allowRules());
    }
}
