package dev.conveyor.common.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conveyor.common.json.JsonProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * One thing an {@code http} job expects of the answer besides its status. Exactly one target, and
 * the operators it takes:
 * <ul>
 * <li>{@code {"header": "Content-Type", "contains": "json"}}, or {@code matches} a regular
 *     expression found anywhere in the value (anchor it with {@code ^…$} for the whole value), or
 *     {@code equals} a string; a header given several times is read as its values joined by
 *     {@code ", "}, and one that is missing fails the assertion;</li>
 * <li>{@code {"body": {"contains": "UP"}}}, or {@code {"body": {"matches": "…"}}}, on the body as
 *     text;</li>
 * <li>{@code {"jsonPointer": "/status", "equals": "UP"}}, any JSON value, with numbers compared by
 *     value ({@code 1} equals {@code 1.0}).</li>
 * </ul>
 *
 * @param header the name of the response header to look at (case does not matter)
 * @param body what the body must contain or match
 * @param jsonPointer an RFC 6901 pointer into the body read as JSON ({@code ""} is the whole body)
 * @param contains text the header must contain
 * @param matches a regular expression the header must match
 * @param equalTo the value the header (a string) or the JSON at the pointer (any JSON) must equal;
 *     written {@code equals}
 */
public record HttpAssertion(String header, BodyMatch body, String jsonPointer, String contains, String matches,
        @JsonProperty("equals") JsonNode equalTo) {

    /** Longer patterns are refused: compiling a deeply nested one could exhaust the stack. */
    static final int LONGEST_REGEX = 1000;

    /**
     * What a body must hold: exactly one of the two.
     *
     * @param contains text the body must contain
     * @param matches a regular expression found somewhere in the body
     */
    public record BodyMatch(String contains, String matches) {
    }

    /** What is wrong with it, as pointers relative to the assertion; empty when it can be checked. */
    public List<Violation> problems() {
        long targets = Stream.of(header, body, jsonPointer).filter(Objects::nonNull).count();
        if (targets != 1) {
            return List.of(new Violation("", "must name exactly one of header, body or jsonPointer"));
        }
        List<Violation> problems = new ArrayList<>();
        if (header != null) {
            headerProblems(problems);
        } else if (body != null) {
            bodyProblems(problems);
        } else {
            pointerProblems(problems);
        }
        return problems;
    }

    private void headerProblems(List<Violation> problems) {
        if (!HttpParams.isToken(header)) {
            problems.add(new Violation("/header", JsonProblems.quoted(header) + " is not a valid header name"));
        }
        if (Stream.of(contains, matches, equalTo).filter(Objects::nonNull).count() != 1) {
            problems.add(new Violation("", "a header assertion takes exactly one of contains, matches or equals"));
        }
        regexProblem("/matches", matches, problems);
        if (equalTo != null && !equalTo.isString()) {
            problems.add(new Violation("/equals", "must be a string: a header's value is text"));
        }
    }

    private void bodyProblems(List<Violation> problems) {
        misplaced("/contains", contains, "belongs inside body: {\"body\": {\"contains\": …}}", problems);
        misplaced("/matches", matches, "belongs inside body: {\"body\": {\"matches\": …}}", problems);
        misplaced("/equals", equalTo, "a body assertion takes contains or matches, inside body", problems);
        if ((body.contains() == null) == (body.matches() == null)) {
            problems.add(new Violation("/body", "takes exactly one of contains or matches"));
        }
        regexProblem("/body/matches", body.matches(), problems);
    }

    private void pointerProblems(List<Violation> problems) {
        if (!isPointer(jsonPointer)) {
            problems.add(new Violation("/jsonPointer", JsonProblems.quoted(jsonPointer)
                    + " is not a JSON pointer such as \"/status\" (RFC 6901: each step starts with /, ~ is written ~0"
                    + " and / within a name ~1)"));
        }
        misplaced("/contains", contains, "a jsonPointer assertion takes only equals", problems);
        misplaced("/matches", matches, "a jsonPointer assertion takes only equals", problems);
        if (equalTo == null) {
            problems.add(new Violation("/equals", "is required: the JSON value expected at the pointer"));
        }
    }

    /** RFC 6901: empty, or steps that each start with {@code /}, with {@code ~} only in {@code ~0} and {@code ~1}. */
    private static boolean isPointer(String text) {
        if (!text.isEmpty() && text.charAt(0) != '/') {
            return false;
        }
        for (int i = text.indexOf('~'); i >= 0; i = text.indexOf('~', i + 1)) {
            if (i + 1 == text.length() || (text.charAt(i + 1) != '0' && text.charAt(i + 1) != '1')) {
                return false;
            }
        }
        return true;
    }

    private static void misplaced(String pointer, Object value, String message, List<Violation> problems) {
        if (value != null) {
            problems.add(new Violation(pointer, message));
        }
    }

    private static void regexProblem(String pointer, String regex, List<Violation> problems) {
        if (regex == null) {
            return;
        }
        if (regex.length() > LONGEST_REGEX) {
            problems.add(new Violation(pointer, "is longer than " + LONGEST_REGEX + " characters"));
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add(new Violation(pointer, "is not a valid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "")));
        }
    }
}
