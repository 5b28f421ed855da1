package dev.conveyor.common.types;

import static dev.conveyor.common.json.JsonProblems.quoted;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a parameter that names a host may hold: a DNS name, an IPv4 address or an IPv6 address.
 * Only the syntax is checked here, never the network, so that the gateway and the worker judge a
 * job alike whatever their resolvers say.
 */
final class HostNames {

    /** The longest DNS name, without its final dot (RFC 1035 §2.3.4). */
    static final int MAX_NAME_LENGTH = 253;

    private static final int MAX_LABEL_LENGTH = 63;
    // Underscores are not host name syntax, but names such as _dmarc.example.org hold real records.
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private HostNames() {
    }

    /** Why {@code host} cannot name a host to connect to; empty when it can. */
    static Optional<String> hostProblem(String host) {
        if (host == null || host.isBlank()) {
            return Optional.of("is required");
        }
        if (host.contains("://")) {
            return Optional.of(quoted(host) + " is a URL; give only its host");
        }
        String literal = unbracketed(host);
        if (literal.contains(":")) {
            if (isIpv6(literal)) {
                return Optional.empty();
            }
            return Optional.of(host.indexOf(':') == host.lastIndexOf(':')
                    ? quoted(host) + " has a port; give the port on its own"
                    : quoted(host) + " is not an IPv6 address");
        }
        if (NUMERIC.matcher(host).matches()) {
            return isIpv4(host) ? Optional.empty() : Optional.of(quoted(host) + " is not an IPv4 address");
        }
        return nameProblem(host);
    }

    /** Why {@code name} is not a DNS name (letters, digits, hyphens and underscores in dotted labels); empty when it is. */
    static Optional<String> nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("is required");
        }
        if (!name.chars().allMatch(c -> c < 0x80)) {
            return Optional.of(quoted(name) + " is not ASCII; write an internationalised name in its xn-- form");
        }
        String absolute = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (absolute.length() > MAX_NAME_LENGTH) {
            return Optional.of("is longer than " + MAX_NAME_LENGTH + " characters");
        }
        for (String label : absolute.split("\\.", -1)) {
            Optional<String> problem = labelProblem(label);
            if (problem.isPresent()) {
                return Optional.of(quoted(name) + " is not a DNS name: " + problem.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> labelProblem(String label) {
        if (label.isEmpty()) {
            return Optional.of("it has an empty label");
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            return Optional.of("a label is longer than " + MAX_LABEL_LENGTH + " characters");
        }
        if (!LABEL.matcher(label).matches()) {
            return Optional.of("label " + quoted(label) + " holds a character other than a letter, digit, '-' or '_'");
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            return Optional.of("label " + quoted(label) + " starts or ends with '-'");
        }
        return Optional.empty();
    }

    /** Whether {@code text} is an IPv4 address in dotted-decimal form, such as {@code 192.0.2.1}. */
    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text} is an IPv6 address without a zone, such as {@code 2001:db8::1}. */
    static boolean isIpv6(String text) {
        // Made only of hex digits, colons and dots, and with a colon, the JDK reads it as a literal
        // and never asks a resolver.
        if (!text.contains(":") || !IPV6_CHARACTERS.matcher(text).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(text) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Reads {@code host}, {@code host:port}, {@code [ipv6]}, {@code [ipv6]:port} or a bare IPv6
     * address, without resolving the host.
     *
     * @throws IllegalArgumentException saying what is wrong, in words for the job's submitter
     */
    static InetSocketAddress hostAndPort(String text, int defaultPort) {
        if (text.contains("://")) {
            throw new IllegalArgumentException(quoted(text) + " is a URL; give only its host");
        }
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(quoted(text) + " opens '[' and never closes it");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!host.contains(":")) {
                throw new IllegalArgumentException(quoted(text) + ": only an IPv6 address goes in brackets");
            }
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException(quoted(text) + " must be host or host:port");
                }
                port = rest.substring(1);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        Optional<String> hostProblem = hostProblem(host);
        if (hostProblem.isPresent()) {
            throw new IllegalArgumentException(host.isBlank() ? quoted(text) + " has no host"
                    : hostProblem.get());
        }
        return InetSocketAddress.createUnresolved(host, port == null ? defaultPort : port(port));
    }

    private static int port(String text) {
        if (!PORT.matcher(text).matches() || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("port " + quoted(text) + " is not a number from 1 to 65535");
        }
        return Integer.parseInt(text);
    }

    private static String unbracketed(String host) {
        return host.length() > 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
    }
}
