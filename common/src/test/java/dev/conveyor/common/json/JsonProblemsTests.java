package dev.conveyor.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conveyor.common.types.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;

class JsonProblemsTests {

    enum Colour { RED, GREEN }

    record Inner(int count, Duration delay, Colour colour) {
    }

    record Outer(String name, Inner inner, List<Integer> sizes, Map<String, String> labels) {
    }

    private static final ObjectReader OUTER = JsonProblems.readingEveryProblem(ConveyorJson.mapper().readerFor(Outer.class));

    private static List<Violation> problemsOf(String json) {
        return JsonProblems.of(catchThrowableOfType(JacksonException.class,
                () -> OUTER.readValueCollectingProblems(json)), "");
    }

    /** In Jackson's order: a record's unknown fields come once its known ones are read. */
    @Test
    void everyRecoverableProblemIsReportedWithItsPointer() {
        assertThat(problemsOf("""
                {"name": "a", "colour": "red",
                 "inner": {"count": "many", "delay": "soon", "colour": "BLUE", "extra": 1}}"""))
                .containsExactly(
                        new Violation("/inner/count", "'many' is not an integer"),
                        new Violation("/inner/delay", "'soon' is not an ISO-8601 duration such as PT30S"),
                        new Violation("/inner/colour", "'BLUE' is not one of [RED, GREEN]"),
                        new Violation("/inner/extra", "unknown field; known: [colour, count, delay]"),
                        new Violation("/colour", "unknown field; known: [inner, labels, name, sizes]"));
    }

    @Test
    void aValueOfTheWrongShapeEndsTheReadButKeepsTheProblemsBeforeIt() {
        assertThat(problemsOf("""
                {"inner": {"count": "many"}, "sizes": {"not": "an array"}}"""))
                .containsExactly(
                        new Violation("/inner/count", "'many' is not an integer"),
                        new Violation("/sizes", "must be an array"));
    }

    @Test
    void aNumberTooLargeForItsFieldIsOutOfRange() {
        assertThat(problemsOf("{\"inner\": {\"count\": 2147483648}}"))
                .containsExactly(new Violation("/inner/count", "is out of range"));
    }

    @Test
    void aSyntaxErrorSaysWhereItIs() {
        assertThat(problemsOf("{\"name\": \"a\",\n \"inner\": {\"count\": }}")).singleElement().satisfies(v -> {
            assertThat(v.pointer()).isEqualTo("/inner/count");
            assertThat(v.message()).startsWith("is not valid JSON at line 2, column");
        });
    }

    @Test
    void messagesNameNoJavaType() {
        assertThat(problemsOf("""
                {"name": {"a": 1}, "inner": [1], "labels": "x", "sizes": ["one"]}"""))
                .allSatisfy(v -> assertThat(v.message()).doesNotContainPattern("java\\\\.|dev\\\\.conveyor|`"));
    }

    @Test
    void longValuesAreQuotedShort() {
        assertThat(JsonProblems.quoted("x".repeat(1000))).hasSize(43).endsWith("…'");
    }
}
