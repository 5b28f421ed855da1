package dev.conveyor.common.targets;

import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of an allow or deny list: what it matches, and on which ports. Written as
 * <ul>
 *   <li>an address block or one address: {@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code fd00::/8};
 *   <li>a host name, or every name under a domain: {@code db.example.org}, {@code *.corp.example}
 *       (any depth below {@code corp.example}, not {@code corp.example} itself);
 *   <li>{@code *}: every host and address;
 * </ul>
 * each optionally followed by {@code :port} or {@code :from-to}, an IPv6 address or block then in
 * brackets ({@code [fd00::/8]:443}). Without a port, the rule holds on every port.
 *
 * <p>An address rule meets the addresses a target is (a literal) or resolves to; a name rule meets
 * the name as written in the job, compared without regard to case or a final dot. A deny rule of
 * one host name also meets the addresses that name resolves to ({@link TargetScope#refusalAsDeniedHost}).
 */
public final class TargetRule {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    private static final Pattern PORTS = Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?");

    private final String written;
    private final AddressBlock block;
    private final String name;
    private final boolean subdomains;
    private final int fromPort;
    private final int toPort;

    private TargetRule(String written, AddressBlock block, String name, boolean subdomains, int fromPort, int toPort) {
        this.written = written;
        this.block = block;
        this.name = name;
        this.subdomains = subdomains;
        this.fromPort = fromPort;
        this.toPort = toPort;
    }

    /**
     * Reads one rule.
     *
     * @throws IllegalArgumentException saying what is wrong with it and how rules are written
     */
    public static TargetRule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a rule is empty");
        }
        String rule = text.strip();
        String target = rule;
        String ports = null;
        if (rule.startsWith("[")) {
            int close = rule.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + rule + "' opens '[' and never closes it");
            }
            target = rule.substring(1, close);
            String rest = rule.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + rule + "': only ':port' may follow ']'");
                }
                ports = rest.substring(1);
            }
        } else if (rule.indexOf(':') >= 0 && rule.indexOf(':') == rule.lastIndexOf(':')) {
            target = rule.substring(0, rule.indexOf(':'));
            ports = rule.substring(rule.indexOf(':') + 1);
        }
        int[] range = ports == null ? new int[] {1, 65535} : ports(rule, ports);
        if (target.equals("*")) {
            return new TargetRule(rule, null, null, true, range[0], range[1]);
        }
        if (target.contains("/") || AddressBlock.literal(target).isPresent() || target.contains(":")) {
            return new TargetRule(rule, AddressBlock.parse(target), null, false, range[0], range[1]);
        }
        String host = normalised(target);
        boolean subdomains = host.startsWith("*.");
        String domain = subdomains ? host.substring(2) : host;
        if (!NAME.matcher(domain).matches() || domain.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            throw new IllegalArgumentException("'" + target + "' is neither an address, an address block, a host name,"
                    + " '*.' and a domain, nor '*'");
        }
        return new TargetRule(rule, null, domain, subdomains, range[0], range[1]);
    }

    private static int[] ports(String rule, String ports) {
        var matcher = PORTS.matcher(ports);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + rule + "': '" + ports + "' is not a port or a range from-to");
        }
        int from = Integer.parseInt(matcher.group(1));
        int to = matcher.group(2) == null ? from : Integer.parseInt(matcher.group(2));
        if (from < 1 || to > 65535 || from > to) {
            throw new IllegalArgumentException("'" + rule + "': ports go from 1 to 65535, the lower first");
        }
        return new int[] {from, to};
    }

    /** A host name as rules compare it: lower case, without a final dot. */
    static String normalised(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** Whether the rule meets {@code address} on {@code port}; a name rule never does. */
    public boolean matchesAddress(InetAddress address, int port) {
        return onPort(port) && (isAny() || block != null && block.contains(address));
    }

    /** Whether the rule meets the host name {@code host} on {@code port}; an address rule never does. */
    public boolean matchesName(String host, int port) {
        if (!onPort(port) || block != null) {
            return false;
        }
        if (isAny()) {
            return true;
        }
        String candidate = normalised(host);
        return subdomains ? candidate.endsWith("." + name) : candidate.equals(name);
    }

    /**
     * The one host name this rule names, which can be resolved; {@code null} for an address, a
     * block, {@code *} or the names under a domain, which no lookup can list.
     */
    String hostName() {
        return subdomains ? null : name;
    }

    /** Whether the rule is about addresses ({@code *} included): what only resolving can tell. */
    boolean meetsAddresses() {
        return block != null || isAny();
    }

    boolean onPort(int port) {
        return port >= fromPort && port <= toPort;
    }

    private boolean isAny() {
        return block == null && name == null;
    }

    /** The rule as written. */
    @Override
    public String toString() {
        return written;
    }
}
