package dev.conveyor.worker.jobtypes.http;

import dev.conveyor.common.json.JsonProblems;
import dev.conveyor.common.types.HttpAssertion;
import dev.conveyor.common.types.HttpParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import dev.conveyor.worker.jobtypes.InterruptibleMatch;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Holds an answer up against what an {@code http} job expects of it, and says each thing that does
 * not hold, not just the first: one run shows everything that is wrong with the target. What it
 * quotes (a header, a JSON value, an expected text) it masks first and cuts after, so that no part
 * of a secret is left at a cut.
 */
final class AnswerJudge {

    private static final int QUOTED_JSON = 60;

    private final UnaryOperator<String> redaction;

    /** @param redaction masks the job's secret values in a text */
    AnswerJudge(UnaryOperator<String> redaction) {
        this.redaction = redaction;
    }

    /**
     * What did not hold.
     *
     * @param failures each expectation that did not hold, for people
     * @param bodyFailed whether one of them was about the body, which the evidence then shows
     */
    record Verdict(List<String> failures, boolean bodyFailed) {

        boolean holds() {
            return failures.isEmpty();
        }
    }

    /** Whether an assertion of {@code params} reads the body, which the check must then keep. */
    static boolean readsBody(HttpParams params) {
        return params.assertions().stream().anyMatch(assertion -> assertion.header() == null);
    }

    /**
     * @throws InterruptedException when the check was canceled or timed out while a regular
     *     expression was being matched, which may take long on a large body
     */
    Verdict judge(HttpParams params, HttpAnswer answer) throws InterruptedException {
        List<String> failures = new ArrayList<>();
        if (!params.expectStatus().accepts(answer.status())) {
            failures.add("answered " + answer.status() + ", expected " + params.expectStatus());
        }
        String text = answer.body();
        boolean bodyFailed = false;
        for (HttpAssertion assertion : params.assertions()) {
            Optional<String> failure = assertion.header() != null ? onHeader(assertion, answer)
                    : assertion.body() != null ? onText(assertion.body(), text, answer.cut())
                    : onJson(assertion, text, answer.cut());
            if (failure.isPresent()) {
                failures.add(failure.get());
                bodyFailed |= assertion.header() == null;
            }
        }
        if (params.maxLatency() != null && answer.latency().compareTo(params.maxLatency()) > 0) {
            failures.add("took " + answer.latency().toMillis() + " ms, more than maxLatency " + params.maxLatency());
        }
        return new Verdict(List.copyOf(failures), bodyFailed);
    }

    private Optional<String> onHeader(HttpAssertion assertion, HttpAnswer answer) throws InterruptedException {
        String name = assertion.header();
        Optional<String> found = answer.header(name);
        if (found.isEmpty()) {
            return Optional.of("header " + name + " is missing");
        }
        String value = found.get();
        String is = "header " + name + " is " + quoted(value);
        if (assertion.contains() != null) {
            return value.contains(assertion.contains()) ? Optional.empty()
                    : Optional.of(is + ", which does not contain " + quoted(assertion.contains()));
        }
        if (assertion.matches() != null) {
            return notFound(assertion.matches(), value, is + ", which");
        }
        String expected = assertion.equalTo().asString();
        return value.equals(expected) ? Optional.empty() : Optional.of(is + ", not " + quoted(expected));
    }

    /** Text found in the part of a body that was read holds, even when the body was cut. */
    private Optional<String> onText(HttpAssertion.BodyMatch match, String text, boolean cut)
            throws InterruptedException {
        String unread = cut ? " (it was cut at " + HttpCheck.MAX_BODY_TEXT + ", the rest unread)" : "";
        if (match.contains() != null) {
            return text.contains(match.contains()) ? Optional.empty()
                    : Optional.of("the body does not contain " + quoted(match.contains()) + unread);
        }
        return notFound(match.matches(), text, "the body").map(failure -> failure + unread);
    }

    private Optional<String> onJson(HttpAssertion assertion, String text, boolean cut) {
        String pointer = assertion.jsonPointer();
        if (cut) {
            return Optional.of("the body was cut at " + HttpCheck.MAX_BODY_TEXT + ", so " + pointer + " cannot be read in it");
        }
        JsonNode expected = assertion.equalTo();
        return switch (JsonAtPointer.in(text, pointer, expected)) {
            case JsonAtPointer.NotJson notJson -> Optional.of("the body is not JSON, so it has nothing at " + pointer);
            case JsonAtPointer.Nothing nothing -> Optional.of("the body has nothing at " + pointer);
            case JsonAtPointer.Larger larger -> Optional.of(pointer + " holds more than expected, " + json(expected));
            case JsonAtPointer.Value(JsonNode found) -> found.equals(AnswerJudge::byValue, expected) ? Optional.empty()
                    : Optional.of(pointer + " is " + json(found) + ", expected " + json(expected));
        };
    }

    /** Compares JSON values, numbers by value: JSON does not tell {@code 1} from {@code 1.0}. */
    private static int byValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    }

    /**
     * Why the regular expression is not found anywhere in the text, if it is not.
     *
     * @param subject the start of the message: what was matched ({@code the body})
     * @throws InterruptedException when the thread is interrupted while matching
     */
    private Optional<String> notFound(String regex, String text, String subject) throws InterruptedException {
        try {
            return InterruptibleMatch.find(Pattern.compile(regex), text) ? Optional.empty()
                    : Optional.of(subject + " does not match " + quoted(regex));
        } catch (StackOverflowError e) {
            // Java's matcher recurses for each repetition of a group: a long text can exhaust the stack.
            return Optional.of(subject + " could not be matched against " + quoted(regex)
                    + ": it repeats a group too often for a text this long");
        }
    }

    private String json(JsonNode value) {
        String text = redaction.apply(value.toString());
        return text.length() > QUOTED_JSON ? text.substring(0, QUOTED_JSON) + "…" : text;
    }

    /** Masked, then quoted and cut as {@link JsonProblems#quoted} does. */
    private String quoted(String text) {
        return JsonProblems.quoted(redaction.apply(text));
    }
}
