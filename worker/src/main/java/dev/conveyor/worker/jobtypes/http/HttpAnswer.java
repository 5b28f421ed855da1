package dev.conveyor.worker.jobtypes.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * What a target answered, as far as the check read it.
 *
 * @param uri where the answer came from: the URL asked, or where redirects led
 * @param status the answer's status
 * @param headers the answer's headers
 * @param body the body as text, up to the cap, in the charset its {@code Content-Type} names
 *     ({@link #charsetOf}); empty when the check asserts nothing on it and so did not keep it
 * @param cut whether the body went on past the cap
 * @param latency from sending the request to having read the body (up to the cap)
 */
record HttpAnswer(URI uri, int status, HttpHeaders headers, String body, boolean cut, Duration latency) {

    /** A header's value: its values joined by {@code ", "}, as RFC 9110 allows; empty when it is missing. */
    Optional<String> header(String name) {
        var values = headers.allValues(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
    }

    /** The charset a {@code Content-Type} among {@code headers} names; UTF-8 when it names none we know. */
    static Charset charsetOf(HttpHeaders headers) {
        return headers.firstValue("Content-Type").flatMap(HttpAnswer::charsetParameter).flatMap(name -> {
            try {
                return Optional.of(Charset.forName(name));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }).orElse(StandardCharsets.UTF_8);
    }

    private static Optional<String> charsetParameter(String contentType) {
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.regionMatches(true, 0, "charset=", 0, "charset=".length())) {
                return Optional.of(parameter.substring("charset=".length()).replace("\"", "").trim());
            }
        }
        return Optional.empty();
    }
}
