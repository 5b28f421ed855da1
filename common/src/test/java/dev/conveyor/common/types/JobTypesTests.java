package dev.conveyor.common.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.common.json.ConveyorJson;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JobTypesTests {

    private static JsonNode json(String text) {
        return ConveyorJson.mapper().readTree(text);
    }

    @Test
    void sleepBindsAnIsoDuration() {
        assertThat(JobTypes.parse("sleep", json("{\"duration\":\"PT0.2S\"}")))
                .isEqualTo(new SleepParams(Duration.ofMillis(200)));
    }

    @Test
    void noopTakesNoParameters() {
        assertThat(JobTypes.parse("noop", null)).isEqualTo(new NoopParams());
        assertThatThrownBy(() -> JobTypes.parse("noop", json("{\"x\":1}")))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations())
                        .extracting(Violation::pointer).containsExactly("/params/x"));
    }

    @Test
    void httpDefaultsToAGetExpecting200() {
        assertThat(JobTypes.parse("http", json("{\"url\":\"https://example.org/health\"}")))
                .isEqualTo(new HttpParams(URI.create("https://example.org/health"), HttpMethod.GET, Map.of(), null,
                        ExpectedStatus.of(200), List.of(), null, false, true));
    }

    @Test
    void anUnknownTypeNamesTheKnownOnes() {
        assertThatThrownBy(() -> JobTypes.parse("mystery", null))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> {
                            assertThat(v.pointer()).isEqualTo("/type");
                            assertThat(v.message()).contains("http", "noop", "sleep");
                        }));
    }

    @Test
    void aMissingOrNegativeDurationIsRejected() {
        assertThatThrownBy(() -> JobTypes.parse("sleep", json("{}")))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations())
                        .extracting(Violation::pointer).containsExactly("/params/duration"));
        assertThatThrownBy(() -> JobTypes.parse("sleep", json("{\"duration\":\"-PT1S\"}")))
                .isInstanceOf(InvalidJobException.class);
    }

    @Test
    void aValueOfTheWrongShapePointsAtItsField() {
        assertThatThrownBy(() -> JobTypes.parse("sleep", json("{\"duration\":\"soon\"}")))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations())
                        .extracting(Violation::pointer).containsExactly("/params/duration"));
    }

    @Test
    void everyHttpProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> JobTypes.parse("http", json("{\"url\":\"ftp://x\",\"expectStatus\":99}")))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations())
                        .extracting(Violation::pointer).containsExactly("/params/url", "/params/expectStatus"));
    }

    @Test
    void everyUnreadableParameterIsReportedAtOnceInTheTermsOfJson() {
        assertThatThrownBy(() -> JobTypes.parse("http",
                json("{\"url\":\"https://example.org\",\"method\":\"FETCH\",\"maxLatency\":\"soon\",\"retries\":3}")))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("/params/method", "'FETCH' is not one of [GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH]"),
                        new Violation("/params/maxLatency", "'soon' is not an ISO-8601 duration such as PT30S"),
                        new Violation("/params/retries", "unknown field; known: [assertions, body, expectStatus, "
                                + "followRedirects, headers, maxLatency, method, url, verifyTls]")));
    }

    @Test
    void aMalformedUrlIsNamedAsSuch() {
        assertThatThrownBy(() -> JobTypes.parse("http", json("{\"url\":\"http://[x\"}")))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("/params/url", "'http://[x' is not a URI")));
    }

    @Test
    void aStatusOutOfRangeIsNamed() {
        assertThatThrownBy(() -> JobTypes.parse("http", json("{\"url\":\"https://example.org\",\"expectStatus\":2147483648}")))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("/params/expectStatus", "must be an HTTP status between 100 and 599")));
    }

    @Test
    void paramsMustBeAnObject() {
        assertThatThrownBy(() -> JobTypes.parse("sleep", json("[1]")))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("/params: must be a JSON object");
    }
}
