package dev.conveyor.common.targets;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Where the checks of one queue may connect: a target (a host name or address, and a port) is
 * refused when a deny rule meets it, and, when the allow list is not empty, unless an allow rule
 * meets it. Deny always wins over allow. The built-in deny rules (link-local and cloud metadata
 * addresses, {@link TargetScopes#METADATA}) come first unless the queue turned them off.
 *
 * <p>A name is judged twice: as written, before anything is resolved (what the gateway can
 * know), and by every address it resolves to (what the worker checks before it connects). A deny
 * rule that names one host denies that host however a job names it: by its address, or by another
 * name of the same address ({@link #refusalAsDeniedHost}). Every refusal says which target, which
 * address, which rule and which queue's settings.
 */
public final class TargetScope {

    private final String label;
    private final List<TargetRule> builtIn;
    private final List<TargetRule> deny;
    private final List<TargetRule> allow;

    /**
     * @param label the queue and the settings that made this scope, as messages name them
     */
    TargetScope(String label, List<TargetRule> builtIn, List<TargetRule> deny, List<TargetRule> allow) {
        this.label = label;
        this.builtIn = List.copyOf(builtIn);
        this.deny = List.copyOf(deny);
        this.allow = List.copyOf(allow);
    }

    /** Whether this scope refuses nothing, so that a check needs not resolve ahead to ask it. */
    public boolean refusesNothing() {
        return builtIn.isEmpty() && deny.isEmpty() && allow.isEmpty();
    }

    /**
     * Why {@code host} on {@code port} is refused before it is resolved; empty when it may be
     * allowed. A literal address is judged whole; a name by the rules on names and ports alone,
     * so a name may still be refused by the addresses it resolves to.
     *
     * @param host a host name or an IP literal (an IPv6 one in brackets or not)
     */
    public Optional<String> refusalBeforeResolving(String host, int port) {
        Optional<InetAddress> literal = AddressBlock.literal(host);
        if (literal.isPresent()) {
            return refusal(null, literal.get(), port);
        }
        String target = target(host, port);
        for (TargetRule rule : builtIn) {
            if (rule.matchesName(host, port)) {
                return Optional.of(target + " is refused: built-in deny rule '" + rule + "' (cloud metadata) of "
                        + label + " matches it");
            }
        }
        for (TargetRule rule : deny) {
            if (rule.matchesName(host, port)) {
                return Optional.of(target + " is refused: deny rule '" + rule + "' of " + label + " matches it");
            }
        }
        boolean mayBeAllowed = allow.isEmpty() || allow.stream()
                .anyMatch(rule -> rule.matchesName(host, port) || rule.meetsAddresses() && rule.onPort(port));
        return mayBeAllowed ? Optional.empty()
                : Optional.of(target + " is refused: no allow rule of " + label + " matches it (allow: " + allow + ")");
    }

    /**
     * Why a connection to {@code address} on {@code port} is refused; empty when it is allowed.
     *
     * @param host the name the job gave, which resolved to {@code address}; {@code null} when the
     *     job gave the address itself
     */
    public Optional<String> refusal(String host, InetAddress address, int port) {
        boolean named = host != null && AddressBlock.literal(host).isEmpty();
        String target = named ? target(host, port) : target(address.getHostAddress(), port);
        String it = named ? "it resolves to " + address.getHostAddress() + ", which " : "";
        String matches = named ? " matches" : " matches it";
        for (TargetRule rule : builtIn) {
            if (rule.matchesAddress(address, port) || named && rule.matchesName(host, port)) {
                return Optional.of(target + " is refused: " + it + "built-in deny rule '" + rule
                        + "' (link-local and cloud metadata addresses) of " + label + matches);
            }
        }
        for (TargetRule rule : deny) {
            if (rule.matchesAddress(address, port) || named && rule.matchesName(host, port)) {
                return Optional.of(target + " is refused: " + it + "deny rule '" + rule + "' of " + label + matches);
            }
        }
        if (allow.isEmpty() || allow.stream()
                .anyMatch(rule -> rule.matchesAddress(address, port) || named && rule.matchesName(host, port))) {
            return Optional.empty();
        }
        return Optional.of(target + " is refused: " + (named ? "it resolves to " + address.getHostAddress() + ", which "
                + "no allow rule of " + label + " matches" : "no allow rule of " + label + " matches it")
                + " (allow: " + allow + ")");
    }

    /** How the worker resolves a host name: the same lookup its checks connect by. */
    @FunctionalInterface
    public interface Lookup {

        List<InetAddress> addresses(String host) throws UnknownHostException;
    }

    /**
     * Why a target that resolved to {@code addresses} is refused as the host a deny rule names:
     * each deny rule of one host name on {@code port} is resolved now, by {@code lookup}, and meets
     * the target when they share an address. Empty when none does. The built-in names are not
     * resolved (their addresses are denied by address), nor are {@code *.domain} rules, whose names
     * no lookup can list.
     *
     * <p>A denied name that does not resolve refuses the target: the worker cannot tell that the
     * target is not that host, and a deny rule that cannot be checked must not let anything through.
     *
     * @param host the name or address the job gave
     * @param addresses what {@code host} resolved to, the addresses the check may connect to
     */
    public Optional<String> refusalAsDeniedHost(String host, List<InetAddress> addresses, int port, Lookup lookup) {
        boolean named = AddressBlock.literal(host).isEmpty();
        String target = target(host, port);
        for (TargetRule rule : deny) {
            String denied = rule.hostName();
            // A rule that names the host as written has refused it already, before resolving.
            if (denied == null || !rule.onPort(port) || named && rule.matchesName(host, port)) {
                continue;
            }
            List<InetAddress> deniedAddresses;
            try {
                deniedAddresses = lookup.addresses(denied);
            } catch (UnknownHostException e) {
                return Optional.of(target + " is refused: deny rule '" + rule + "' of " + label + " names " + denied
                        + ", which does not resolve now (" + e.getMessage() + "), so the target cannot be told apart"
                        + " from it");
            }
            for (InetAddress address : addresses) {
                if (deniedAddresses.contains(address)) {
                    return Optional.of(target + " is refused: " + (named ? "it resolves to " + address.getHostAddress()
                            + ", an address of " + denied : "it is an address of " + denied) + ", which deny rule '"
                            + rule + "' of " + label + " names");
                }
            }
        }
        return Optional.empty();
    }

    /** The queue and settings this scope is made of, as messages name them. */
    @Override
    public String toString() {
        return label;
    }

    private static String target(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
