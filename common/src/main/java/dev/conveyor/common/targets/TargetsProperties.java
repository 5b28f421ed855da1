package dev.conveyor.common.targets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Where checks ({@code http}, {@code tcp}, {@code tls}, {@code dns} and the checks of a
 * {@code profile}) may connect, per queue; the same on the gateway, which refuses at submission
 * what it can tell, and on every worker, which checks every address it resolves before it
 * connects. A rule is an address block ({@code 10.0.0.0/8}, {@code fd00::/8}), an address, a host
 * name ({@code db.example.org}), every name under a domain ({@code *.corp.example}) or {@code *},
 * each optionally with {@code :port} or {@code :from-to} ({@code [fd00::/8]:443} for IPv6). Deny
 * wins over allow.
 *
 * @param defaults the scope of every queue that has none of its own (key {@code default})
 * @param queues the scopes of single queues, by queue name; what one does not set it takes from
 *     {@code default}
 */
@ConfigurationProperties("conveyor.targets")
public record TargetsProperties(@Name("default") Scope defaults, Map<String, Scope> queues) {

    private static final String SYNTAX = "rule is an address block (10.0.0.0/8, fd00::/8), an address, a host name"
            + " (db.example.org), '*.' and a domain (*.corp.example) or '*', each optionally with ':port' or"
            + " ':from-to' ([fd00::/8]:443 for IPv6)";

    /** @throws IllegalArgumentException naming every rule that cannot be read, by its property */
    public TargetsProperties {
        defaults = defaults == null ? new Scope(null, null, null) : defaults;
        defaults = new Scope(defaults.allow() == null ? List.of() : defaults.allow(),
                defaults.deny() == null ? List.of() : defaults.deny(),
                defaults.denyMetadata() == null || defaults.denyMetadata());
        queues = queues == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(queues));
        List<String> problems = new ArrayList<>(defaults.problems("conveyor.targets.default"));
        queues.forEach((queue, scope) -> problems.addAll(scope.problems("conveyor.targets.queues." + queue)));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems) + ". A " + SYNTAX);
        }
    }

    /**
     * The scope of a queue, or of every queue.
     *
     * @param allow the only targets the queue's checks may reach; empty (the default) allows every
     *     target that no deny rule meets
     * @param deny targets the queue's checks may never reach, whatever {@code allow} says (default none)
     * @param denyMetadata whether the built-in deny rules hold: link-local and cloud metadata
     *     addresses such as 169.254.169.254 (default true)
     */
    public record Scope(List<String> allow, List<String> deny, Boolean denyMetadata) {

        public Scope {
            allow = allow == null ? null : List.copyOf(allow);
            deny = deny == null ? null : List.copyOf(deny);
        }

        /** This scope with what it does not set taken from {@code defaults}. */
        Scope over(Scope defaults) {
            return new Scope(allow != null ? allow : defaults.allow(), deny != null ? deny : defaults.deny(),
                    denyMetadata != null ? denyMetadata : defaults.denyMetadata());
        }

        List<TargetRule> allowRules() {
            return allow.stream().map(TargetRule::parse).toList();
        }

        List<TargetRule> denyRules() {
            return deny.stream().map(TargetRule::parse).toList();
        }

        private List<String> problems(String prefix) {
            List<String> problems = new ArrayList<>();
            problems(prefix + ".allow", allow, problems);
            problems(prefix + ".deny", deny, problems);
            return problems;
        }

        private static void problems(String property, List<String> rules, List<String> problems) {
            if (rules == null) {
                return;
            }
            for (int i = 0; i < rules.size(); i++) {
                try {
                    TargetRule.parse(rules.get(i));
                } catch (IllegalArgumentException e) {
                    problems.add(property + "[" + i + "]: " + e.getMessage());
                }
            }
        }
    }
}
