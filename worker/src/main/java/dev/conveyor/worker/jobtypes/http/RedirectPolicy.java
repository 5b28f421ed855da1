package dev.conveyor.worker.jobtypes.http;

import dev.conveyor.common.targets.JobTargets;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Which redirect an {@code http} check follows, and what of its request goes along. Within one
 * origin (scheme, host and port) the request goes on as it was. To another origin, as browsers and
 * curl do, the request's credentials stay behind: {@code Authorization},
 * {@code Proxy-Authorization}, {@code Cookie}, and every header that holds one of the job's
 * secrets; once left behind they stay behind, on every later hop. A redirect that would carry the
 * request's body to another origin (a 307 or 308, or a 301 or 302 after a PUT or PATCH) is not
 * followed: the redirect is the answer checked, and the check's log says why. A job that sets
 * {@code trustRedirects} sends everything wherever its redirects lead, within its target scope.
 *
 * <p>Immutable; one per check run, as it knows the job's secrets.
 */
final class RedirectPolicy {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<String> CREDENTIALS = caseInsensitive("Authorization", "Proxy-Authorization", "Cookie");

    /**
     * One request of a check: the job's own, or one a redirect led to.
     *
     * @param url where it goes
     * @param method its method
     * @param headers the job's headers that go with it
     * @param body its body; {@code null} for none
     */
    record Hop(URI url, String method, Map<String, String> headers, String body) {
    }

    /**
     * What follows an answer.
     *
     * @param next the request to send next; {@code null} when the answer is the one to check
     * @param log the line the check logs about it; {@code null} for none
     */
    record Step(Hop next, String log) {

        static final Step CHECK_THIS = new Step(null, null);
    }

    private final boolean trusted;
    private final UnaryOperator<String> redaction;

    /**
     * @param trusted whether the job trusts its redirects with its credentials and body ({@code trustRedirects})
     * @param redaction masks the job's secret values in a text, which tells a header that holds one
     */
    RedirectPolicy(boolean trusted, UnaryOperator<String> redaction) {
        this.trusted = trusted;
        this.redaction = redaction;
    }

    /** What follows the answer {@code status} with {@code headers} to {@code hop}. */
    Step after(Hop hop, int status, HttpHeaders headers) {
        Optional<URI> target = location(hop.url(), status, headers);
        if (target.isEmpty()) {
            return Step.CHECK_THIS;
        }
        URI to = target.get();
        String answered = hop.method() + " " + hop.url() + " answered " + status;
        String method = hop.method();
        String body = hop.body();
        // As the JDK's client does: 303, and 301 or 302 after a POST, go on as a GET without the body.
        if (status == 303 || (status == 301 || status == 302) && method.equals("POST")) {
            method = "GET";
            body = null;
        }
        if (trusted || sameOrigin(hop.url(), to)) {
            return new Step(new Hop(to, method, hop.headers(), body), answered + ", redirecting to " + to);
        }
        if (body != null) {
            return new Step(null, answered + ", redirecting to " + to + ", which is not followed: it would send the"
                    + " request's body to another origin (trustRedirects is off), so the " + status
                    + " is the answer checked");
        }
        Map<String, String> kept = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>();
        hop.headers().forEach((name, value) -> {
            if (isCredential(name, value)) {
                dropped.add(name);
            } else {
                kept.put(name, value);
            }
        });
        return new Step(new Hop(to, method, Collections.unmodifiableMap(kept), null), answered + ", redirecting to "
                + to + (dropped.isEmpty() ? "" : " without " + String.join(", ", dropped)
                + ": another origin (trustRedirects is off)"));
    }

    private boolean isCredential(String name, String value) {
        return CREDENTIALS.contains(name) || !redaction.apply(value).equals(value)
                || !redaction.apply(name).equals(name);
    }

    /** Same scheme, host and port, the scheme's port standing for none, as RFC 6454 compares origins. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && JobTargets.port(a) == JobTargets.port(b);
    }

    /**
     * Where a redirect leads, when the answer is one to follow: 301, 302, 303, 307 or 308 with a
     * {@code Location} to an http or https URL, never from https to http (a redirect must not
     * downgrade the check's transport; that answer is then the one checked).
     */
    private static Optional<URI> location(URI from, int status, HttpHeaders headers) {
        if (!REDIRECTS.contains(status)) {
            return Optional.empty();
        }
        Optional<URI> to;
        try {
            to = headers.firstValue("Location").map(from::resolve);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return to.filter(next -> next.getHost() != null
                && ("http".equalsIgnoreCase(next.getScheme()) || "https".equalsIgnoreCase(next.getScheme()))
                && !("https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(next.getScheme())));
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return Collections.unmodifiableSet(set);
    }
}
