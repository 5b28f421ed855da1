package dev.conveyor.worker.jobtypes;

import dev.conveyor.common.types.DnsParams.RecordType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;

/**
 * The answers of the JDK's DNS provider, written as people write records, and how an expected
 * value matches one: addresses as addresses ({@code 2001:db8::1} is {@code 2001:db8:0:0:0:0:0:1}),
 * names without regard to case or a final dot.
 */
final class DnsAnswers {

    private DnsAnswers() {
    }

    /** The values of one attribute of a DNS context; empty when there is none. */
    static List<String> of(RecordType type, Attribute records) throws NamingException {
        List<String> answers = new ArrayList<>();
        if (records == null) {
            return answers;
        }
        NamingEnumeration<?> values = records.getAll();
        while (values.hasMore()) {
            answers.add(readable(type, String.valueOf(values.next())));
        }
        return answers;
    }

    private static String readable(RecordType type, String value) {
        return switch (type) {
            case A, AAAA -> value;
            // A name, or a preference and a name ("10 mx.example.org."), written absolute.
            case CNAME, MX -> withoutFinalDot(value);
            case TXT -> text(value);
        };
    }

    /**
     * Whether an expected value is this answer. An MX value without a preference matches the mail
     * server's name at any preference.
     */
    static boolean matches(RecordType type, String answer, String expected) {
        return switch (type) {
            case A, AAAA -> sameAddress(answer, expected);
            case CNAME -> sameName(answer, expected);
            case MX -> {
                String[] have = answer.split(" ", 2);
                String[] want = expected.strip().split(" +", 2);
                if (have.length < 2) {
                    yield false;
                }
                yield want.length == 1 ? sameName(have[1], want[0])
                        : Integer.parseInt(have[0]) == Integer.parseInt(want[0]) && sameName(have[1], want[1]);
            }
            case TXT -> answer.equals(expected);
        };
    }

    /**
     * The text of a TXT record, its strings joined as SPF and DKIM join them. The provider writes
     * each string's bytes as one character each, quoting a string that holds a space, a quote or a
     * backslash, and separates strings with a space.
     */
    static String text(String provided) {
        StringBuilder bytes = new StringBuilder();
        int i = 0;
        while (i < provided.length()) {
            if (provided.charAt(i) == '"') {
                for (i++; i < provided.length() && provided.charAt(i) != '"'; i++) {
                    if (provided.charAt(i) == '\\' && i + 1 < provided.length()) {
                        i++;
                    }
                    bytes.append(provided.charAt(i));
                }
                i++;
            } else {
                for (; i < provided.length() && provided.charAt(i) != ' '; i++) {
                    bytes.append(provided.charAt(i));
                }
            }
            i++;
        }
        // Most TXT records are ASCII; those that are not are nearly always UTF-8.
        return new String(bytes.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // Both are address literals (the params allow no other), so nothing is looked up.
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean sameName(String a, String b) {
        return withoutFinalDot(a).toLowerCase(Locale.ROOT).equals(withoutFinalDot(b).toLowerCase(Locale.ROOT));
    }

    private static String withoutFinalDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
