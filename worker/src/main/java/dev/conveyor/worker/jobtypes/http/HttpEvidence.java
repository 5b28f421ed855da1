package dev.conveyor.worker.jobtypes.http;

import dev.conveyor.common.types.HttpAssertion;
import dev.conveyor.common.types.HttpParams;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an {@code http} check's result shows of the answer: {@code status} and {@code latencyMs};
 * {@code url} when redirects led elsewhere; {@code headers}, the values of those the assertions
 * name and of {@code Location}; and, only when an assertion on the body failed, the first
 * {@value #BODY_EVIDENCE} characters of the {@code body}, its secrets masked before the cut, with
 * {@code bodyCut} when the body went on past what was read.
 */
final class HttpEvidence {

    /** How much of the body a failed check shows, in characters, its secrets masked first. */
    static final int BODY_EVIDENCE = 2 * 1024;

    private HttpEvidence() {
    }

    /**
     * @param maskedBody the body with the job's secrets masked, when an assertion on it failed;
     *     {@code null} otherwise
     */
    static ObjectNode of(HttpParams params, HttpAnswer answer, String maskedBody) {
        ObjectNode evidence = JsonNodeFactory.instance.objectNode()
                .put("status", answer.status())
                .put("latencyMs", answer.latency().toMillis());
        if (!answer.uri().equals(params.url())) {
            evidence.put("url", answer.uri().toString());
        }
        // Header names are case-insensitive: the spelling of the first assertion to name one is kept.
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        params.assertions().stream().map(HttpAssertion::header).filter(Objects::nonNull).forEach(names::add);
        names.add("Location");
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        names.forEach(name -> answer.header(name).ifPresent(value -> headers.put(name, value)));
        if (!headers.isEmpty()) {
            evidence.set("headers", headers);
        }
        if (maskedBody != null) {
            evidence.put("body", excerpt(maskedBody));
            if (answer.cut()) {
                evidence.put("bodyCut", true);
            }
        }
        return evidence;
    }

    /**
     * The first {@link #BODY_EVIDENCE} characters of a body already masked: cut after masking, a
     * secret that straddles the cut leaves no part of itself behind.
     */
    private static String excerpt(String text) {
        if (text.length() <= BODY_EVIDENCE) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(BODY_EVIDENCE - 1)) ? BODY_EVIDENCE - 1
                : BODY_EVIDENCE);
    }
}
