package dev.conveyor.common.types;

import dev.conveyor.common.json.JsonProblems;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.core.JsonPointer;

/**
 * {@code http}: sends one request and checks the answer: its status, what {@code assertions} say
 * of its headers and body, and how long it took. Only {@code url} is required; the rest defaults
 * to a GET that expects 200 and follows no redirect.
 *
 * @param url the absolute {@code http} or {@code https} URL to request
 * @param method the request method (default {@code GET})
 * @param headers request headers, sent as given; those the HTTP client manages itself (such as
 *     {@code Host} and {@code Content-Length}) are refused
 * @param body the request body, as UTF-8 text; only for POST, PUT and PATCH (set its
 *     {@code Content-Type} in {@code headers})
 * @param expectStatus the status the answer must have: one ({@code 200}, the default), a list
 *     ({@code [200, 204]}) or a range ({@code "200-299"})
 * @param assertions what else the answer must hold, each on a header, the body or a JSON value
 *     in the body (see {@link HttpAssertion}); all must hold
 * @param maxLatency the longest the answer may take, as ISO-8601 ({@code PT0.5S}); a slower answer
 *     fails the check; none by default
 * @param followRedirects whether to follow 3xx answers to their {@code Location} (never from https
 *     to http); default {@code false}, so that a redirect is the answer checked
 * @param trustRedirects whether a redirect to another origin (another scheme, host or port) gets
 *     the request's credentials too: {@code Authorization}, {@code Proxy-Authorization},
 *     {@code Cookie} and every header that holds a secret parameter, and the body of a request
 *     that keeps it (after a 307 or 308). Default {@code false}: as browsers and curl do, they go
 *     to the job's own origin only, and a redirect that would carry the body elsewhere is not
 *     followed but checked as the answer. Only with {@code followRedirects}
 * @param verifyTls whether an https server's certificate must be trusted and name the host
 *     (default {@code true}); {@code false} accepts any certificate for this request, which also
 *     accepts an attacker in the middle: only for targets with self-signed certificates on a
 *     network you trust
 */
public record HttpParams(
        URI url,
        HttpMethod method,
        Map<String, String> headers,
        String body,
        ExpectedStatus expectStatus,
        List<HttpAssertion> assertions,
        Duration maxLatency,
        Boolean followRedirects,
        Boolean trustRedirects,
        Boolean verifyTls) implements JobParams {

    /**
     * Headers the JDK's HTTP client sets itself (and refuses), and hop-by-hop headers that would
     * break the framing of the request it writes.
     */
    static final Set<String> MANAGED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    static final Duration LONGEST_LATENCY = Duration.ofDays(1);

    /** RFC 9110 token characters: what a header name is made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    /** RFC 9110 field values: visible characters, spaces and tabs; no line breaks. */
    private static final Pattern FIELD_VALUE = Pattern.compile("[\\t\\x20-\\x7E\\x80-\\xFF]*");

    public HttpParams {
        method = method == null ? HttpMethod.GET : method;
        // Copies that keep the given order and any null, which validate() names.
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        expectStatus = expectStatus == null || expectStatus.written().isNull() ? ExpectedStatus.of(200) : expectStatus;
        assertions = assertions == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(assertions));
        followRedirects = followRedirects != null && followRedirects;
        trustRedirects = trustRedirects != null && trustRedirects;
        verifyTls = verifyTls == null || verifyTls;
    }

    @Override
    public List<Violation> validate() {
        List<Violation> violations = new ArrayList<>();
        if (url == null) {
            violations.add(new Violation("/url", "is required"));
        } else if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            violations.add(new Violation("/url", "must be an absolute http or https URL with a host"));
        }
        headers.forEach((name, value) -> headerProblem(name, value, violations));
        if (body != null && !method.takesBody()) {
            violations.add(new Violation("/body", method + " sends no body; only POST, PUT and PATCH do"));
        }
        expectStatus.problems().forEach(v -> violations.add(new Violation("/expectStatus" + v.pointer(), v.message())));
        for (int i = 0; i < assertions.size(); i++) {
            String at = "/assertions/" + i;
            HttpAssertion assertion = assertions.get(i);
            if (assertion == null) {
                violations.add(new Violation(at, "must be an object"));
            } else {
                assertion.problems().forEach(v -> violations.add(new Violation(at + v.pointer(), v.message())));
            }
        }
        if (trustRedirects && !followRedirects) {
            violations.add(new Violation("/trustRedirects", "only applies with followRedirects: true"));
        }
        if (maxLatency != null && (maxLatency.isNegative() || maxLatency.isZero()
                || maxLatency.compareTo(LONGEST_LATENCY) > 0)) {
            violations.add(new Violation("/maxLatency", "must be more than PT0S and at most " + LONGEST_LATENCY));
        }
        return violations;
    }

    /** Whether the text is an RFC 9110 token, as header names are. */
    static boolean isToken(String text) {
        return TOKEN.matcher(text).matches();
    }

    private static void headerProblem(String name, String value, List<Violation> violations) {
        String at = "/headers" + JsonPointer.empty().appendProperty(name);
        if (!isToken(name)) {
            violations.add(new Violation(at, JsonProblems.quoted(name) + " is not a valid header name"));
        } else if (MANAGED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            violations.add(new Violation(at, "is managed by the HTTP client and cannot be given (nor can any of "
                    + new TreeSet<>(MANAGED_HEADERS) + ")"));
        }
        if (value == null) {
            violations.add(new Violation(at, "must be a string"));
        } else if (!FIELD_VALUE.matcher(value).matches()) {
            violations.add(new Violation(at, "must be one line of text, without control characters"));
        }
    }
}
