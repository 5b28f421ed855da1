package dev.conveyor.common.types;

import static dev.conveyor.common.json.JsonProblems.quoted;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dns}: asks a resolver for the records of one type of a name and checks the answers.
 *
 * @param name the DNS name to look up, such as {@code example.org}
 * @param type the record type: {@code A} (the default), {@code AAAA}, {@code CNAME}, {@code MX} or
 *     {@code TXT}
 * @param expect values that must all be among the answers; when absent, any answer passes. An
 *     {@code A} or {@code AAAA} value is an address; a {@code CNAME} value a name; an {@code MX}
 *     value the mail server's name, or its preference and name ({@code 10 mx.example.org}); a
 *     {@code TXT} value the record's text, its strings joined
 * @param resolver the DNS server to ask, as {@code host} or {@code host:port} (port 53 by
 *     default; an IPv6 address in brackets when it has a port); the system's resolver when absent
 */
public record DnsParams(String name, RecordType type, List<String> expect, String resolver) implements JobParams {

    static final int DEFAULT_PORT = 53;

    private static final Pattern MX = Pattern.compile("(?:([0-9]{1,5}) +)?(\\S+)");

    public DnsParams {
        type = type == null ? RecordType.A : type;
        // Not List.copyOf, which throws on a null element: validate() names it instead.
        expect = expect == null ? null : Collections.unmodifiableList(new ArrayList<>(expect));
    }

    @Override
    public List<Violation> validate() {
        List<Violation> violations = new ArrayList<>();
        HostNames.nameProblem(name).ifPresent(problem -> violations.add(new Violation("/name", problem)));
        if (expect != null) {
            if (expect.isEmpty()) {
                violations.add(new Violation("/expect", "must hold at least one value; leave it out to pass on any answer"));
            }
            for (int i = 0; i < expect.size(); i++) {
                String pointer = "/expect/" + i;
                expectedValueProblem(expect.get(i)).ifPresent(problem -> violations.add(new Violation(pointer, problem)));
            }
        }
        if (resolver != null) {
            try {
                HostNames.hostAndPort(resolver, DEFAULT_PORT);
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("/resolver", e.getMessage()
                        + "; write host or host:port, e.g. \"192.0.2.53\" or \"[2001:db8::53]:5353\""));
            }
        }
        return violations;
    }

    /** The DNS server to ask, unresolved; empty for the system's resolver. */
    public Optional<InetSocketAddress> resolverAddress() {
        return Optional.ofNullable(resolver).map(text -> HostNames.hostAndPort(text, DEFAULT_PORT));
    }

    private Optional<String> expectedValueProblem(String value) {
        if (value == null) {
            return Optional.of("must be a string");
        }
        return switch (type) {
            case A -> HostNames.isIpv4(value) ? Optional.empty()
                    : Optional.of(quoted(value) + " is not an IPv4 address, as an A record holds");
            case AAAA -> HostNames.isIpv6(value) ? Optional.empty()
                    : Optional.of(quoted(value) + " is not an IPv6 address, as an AAAA record holds");
            case CNAME -> HostNames.nameProblem(value);
            case MX -> mxProblem(value);
            case TXT -> Optional.empty();
        };
    }

    private static Optional<String> mxProblem(String value) {
        Matcher mx = MX.matcher(value.strip());
        if (!mx.matches()) {
            return Optional.of(quoted(value) + " is not a mail server's name, or a preference and a name");
        }
        if (mx.group(1) != null && Integer.parseInt(mx.group(1)) > 65535) {
            return Optional.of("preference " + mx.group(1) + " is not between 0 and 65535");
        }
        return HostNames.nameProblem(mx.group(2));
    }

    /** The record types the check asks for. */
    public enum RecordType {
        A, AAAA, CNAME, MX, TXT
    }
}
