package dev.conveyor.common.types;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.json.ConveyorJson;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The parameters of {@code http} jobs, as the gateway and the worker read them. */
class HttpParamsTests {

    private static HttpParams http(String params) {
        return (HttpParams) JobTypes.parse("http", ConveyorJson.mapper().readTree(params));
    }

    /** A job with the URL and these further parameters, e.g. {@code "method": "POST"}. */
    private static HttpParams aJobWith(String more) {
        return http("{\"url\": \"https://example.org/health\", " + more + "}");
    }

    private static List<Violation> violationsOf(String more) {
        try {
            aJobWith(more);
        } catch (InvalidJobException e) {
            return e.violations();
        }
        throw new AssertionError("expected " + more + " to be refused");
    }

    /** Everything an http job can say, once. */
    private static final String EVERYTHING = """
            {"url": "https://example.org/api/orders", "method": "POST",
             "headers": {"Content-Type": "application/json", "Authorization": "Bearer t0ken"},
             "body": "{\\"probe\\": true}",
             "expectStatus": [200, "201-204"],
             "assertions": [
               {"header": "Content-Type", "contains": "json"},
               {"header": "X-Request-Id", "matches": "^[0-9a-f-]{36}$"},
               {"header": "Cache-Control", "equals": "no-store"},
               {"body": {"contains": "accepted"}},
               {"body": {"matches": "\\"id\\":\\\\s*\\\\d+"}},
               {"jsonPointer": "/order/lines/0/qty", "equals": 2},
               {"jsonPointer": "/order/note", "equals": null},
               {"jsonPointer": "/order/tags", "equals": ["a", {"b": 1}]}],
             "maxLatency": "PT0.5S", "followRedirects": true, "trustRedirects": true, "verifyTls": false}""";

    @Test
    void aJobWrittenBeforeTheCheckTookMoreReadsAsBefore() {
        HttpParams params = http("{\"url\": \"https://example.org/health\", \"expectStatus\": 204}");

        assertThat(params.url()).isEqualTo(URI.create("https://example.org/health"));
        assertThat(params.method()).isEqualTo(HttpMethod.GET);
        assertThat(params.expectStatus()).isEqualTo(ExpectedStatus.of(204));
        assertThat(params.expectStatus().accepts(204)).isTrue();
        assertThat(params.expectStatus().accepts(200)).isFalse();
        assertThat(params.headers()).isEmpty();
        assertThat(params.body()).isNull();
        assertThat(params.assertions()).isEmpty();
        assertThat(params.maxLatency()).isNull();
        assertThat(params.followRedirects()).isFalse();
        assertThat(params.trustRedirects()).isFalse();
        assertThat(params.verifyTls()).isTrue();
    }

    @Test
    void aNullStatusMeans200AsBefore() {
        assertThat(aJobWith("\"expectStatus\": null").expectStatus()).isEqualTo(ExpectedStatus.of(200));
    }

    @Test
    void everythingAJobCanSayBinds() {
        HttpParams params = http(EVERYTHING);

        assertThat(params.method()).isEqualTo(HttpMethod.POST);
        assertThat(params.headers()).containsExactly(Map.entry("Content-Type", "application/json"),
                Map.entry("Authorization", "Bearer t0ken"));
        assertThat(params.body()).isEqualTo("{\"probe\": true}");
        assertThat(params.assertions()).hasSize(8);
        assertThat(params.assertions().get(4).body().matches()).isEqualTo("\"id\":\\s*\\d+");
        assertThat(params.assertions().get(6).equalTo().isNull()).as("equals null is a value to expect").isTrue();
        assertThat(params.maxLatency()).isEqualTo(Duration.ofMillis(500));
        assertThat(params.followRedirects()).isTrue();
        assertThat(params.trustRedirects()).isTrue();
        assertThat(params.verifyTls()).isFalse();
    }

    /** The gateway writes the bound parameters into the request; the worker reads them again from there. */
    @Test
    void theBoundParametersWrittenOutReadTheSame() {
        HttpParams bound = http(EVERYTHING);
        JsonNode written = ConveyorJson.mapper().valueToTree(bound);

        assertThat(JobTypes.parse("http", written)).isEqualTo(bound);
        assertThat(written.get("expectStatus")).isEqualTo(ConveyorJson.mapper().readTree("[200, \"201-204\"]"));
        assertThat(written.at("/assertions/5/equals").asInt()).isEqualTo(2);
        assertThat(written.at("/assertions/6").has("equals")).isTrue();
    }

    @Test
    void theDefaultsAreWrittenOutAsAJobShowsThem() {
        JsonNode written = ConveyorJson.mapper().valueToTree(http("{\"url\": \"https://example.org\"}"));

        assertThat(written.get("expectStatus").asInt()).isEqualTo(200);
        assertThat(written.get("method").asString()).isEqualTo("GET");
        assertThat(JobTypes.parse("http", written)).isEqualTo(http("{\"url\": \"https://example.org\"}"));
    }

    @Test
    void aStatusMayBeTextAsATemplateFillsItIn() {
        assertThat(aJobWith("\"expectStatus\": \"204\"").expectStatus().accepts(204)).isTrue();
    }

    @Test
    void aListAcceptsAnyOfItsStatuses() {
        ExpectedStatus expected = aJobWith("\"expectStatus\": [200, 204]").expectStatus();

        assertThat(expected.accepts(200)).isTrue();
        assertThat(expected.accepts(204)).isTrue();
        assertThat(expected.accepts(201)).isFalse();
        assertThat(expected).hasToString("one of [200, 204]");
    }

    @Test
    void aRangeAcceptsEveryStatusFromItsFirstToItsLast() {
        ExpectedStatus expected = aJobWith("\"expectStatus\": \"200-299\"").expectStatus();

        assertThat(expected.accepts(199)).isFalse();
        assertThat(expected.accepts(200)).isTrue();
        assertThat(expected.accepts(299)).isTrue();
        assertThat(expected.accepts(300)).isFalse();
        assertThat(expected).hasToString("200-299");
    }

    @Test
    void aListMayHoldRanges() {
        ExpectedStatus expected = aJobWith("\"expectStatus\": [\"200-204\", 304]").expectStatus();

        assertThat(expected.accepts(203)).isTrue();
        assertThat(expected.accepts(304)).isTrue();
        assertThat(expected.accepts(302)).isFalse();
    }

    @Test
    void everyStatusThatCannotBeReadIsPointedAt() {
        String shapes = "a status such as 200, a list of statuses or a range such as \"200-299\"";
        assertThat(violationsOf("\"expectStatus\": [99, \"2xx\", \"299-200\", \"200-600\", 200.5, true, []]"))
                .containsExactly(
                        new Violation("/params/expectStatus/0", "must be an HTTP status between 100 and 599"),
                        new Violation("/params/expectStatus/1", "'2xx' is not " + shapes),
                        new Violation("/params/expectStatus/2", "'299-200' is an empty range: 299 is above 200"),
                        new Violation("/params/expectStatus/3", "must be an HTTP status between 100 and 599"),
                        new Violation("/params/expectStatus/4", "must be " + shapes),
                        new Violation("/params/expectStatus/5", "must be " + shapes),
                        new Violation("/params/expectStatus/6", "must be " + shapes));
        assertThat(violationsOf("\"expectStatus\": []"))
                .containsExactly(new Violation("/params/expectStatus", "must list at least one status"));
        assertThat(violationsOf("\"expectStatus\": {\"from\": 200}"))
                .containsExactly(new Violation("/params/expectStatus", "must be " + shapes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "content-length", "Connection", "Expect", "Upgrade", "Transfer-Encoding"})
    void aHeaderTheHttpClientManagesIsRefusedByName(String name) {
        assertThat(violationsOf("\"headers\": {\"" + name + "\": \"x\"}")).singleElement().satisfies(v -> {
            assertThat(v.pointer()).isEqualTo("/params/headers/" + name);
            assertThat(v.message()).startsWith("is managed by the HTTP client and cannot be given");
        });
    }

    @Test
    void aHeaderThatCannotBeSentIsPointedAt() {
        assertThat(violationsOf("\"headers\": {\"Bad Name\": \"x\", \"a/b\": \"x\", \"X-Split\": \"a\\r\\nInjected: b\"}"))
                .containsExactly(
                        new Violation("/params/headers/Bad Name", "'Bad Name' is not a valid header name"),
                        new Violation("/params/headers/a~1b", "'a/b' is not a valid header name"),
                        new Violation("/params/headers/X-Split", "must be one line of text, without control characters"));
        assertThat(violationsOf("\"headers\": {\"X-Nothing\": null}"))
                .containsExactly(new Violation("/params/headers/X-Nothing", "must be a string"));
    }

    @ParameterizedTest
    @EnumSource(value = HttpMethod.class, names = {"GET", "HEAD", "DELETE", "OPTIONS"})
    void aBodyIsRefusedForAMethodThatSendsNone(HttpMethod method) {
        assertThat(violationsOf("\"method\": \"" + method + "\", \"body\": \"x\"")).containsExactly(
                new Violation("/params/body", method + " sends no body; only POST, PUT and PATCH do"));
    }

    @ParameterizedTest
    @EnumSource(value = HttpMethod.class, names = {"POST", "PUT", "PATCH"})
    void aBodyIsSentByPostPutAndPatch(HttpMethod method) {
        assertThat(aJobWith("\"method\": \"" + method + "\", \"body\": \"x\"").body()).isEqualTo("x");
    }

    @Test
    void anAssertionNamesExactlyOneTarget() {
        assertThat(violationsOf("\"assertions\": [{}, {\"header\": \"A\", \"jsonPointer\": \"/a\", \"equals\": 1}, null]"))
                .containsExactly(
                        new Violation("/params/assertions/0", "must name exactly one of header, body or jsonPointer"),
                        new Violation("/params/assertions/1", "must name exactly one of header, body or jsonPointer"),
                        new Violation("/params/assertions/2", "must be an object"));
    }

    @Test
    void aHeaderAssertionTakesOneOperatorOnAValidName() {
        assertThat(violationsOf("""
                "assertions": [{"header": "Content-Type"},
                               {"header": "A", "contains": "x", "equals": "x"},
                               {"header": "Not a name", "contains": "x"},
                               {"header": "A", "equals": 200}]"""))
                .containsExactly(
                        new Violation("/params/assertions/0", "a header assertion takes exactly one of contains, matches or equals"),
                        new Violation("/params/assertions/1", "a header assertion takes exactly one of contains, matches or equals"),
                        new Violation("/params/assertions/2/header", "'Not a name' is not a valid header name"),
                        new Violation("/params/assertions/3/equals", "must be a string: a header's value is text"));
    }

    @Test
    void aBodyAssertionTakesContainsOrMatchesInsideBody() {
        assertThat(violationsOf("""
                "assertions": [{"body": {}},
                               {"body": {"contains": "a", "matches": "a"}},
                               {"body": {"contains": "a"}, "contains": "b"},
                               {"body": {"contains": "a"}, "equals": "b"}]"""))
                .containsExactly(
                        new Violation("/params/assertions/0/body", "takes exactly one of contains or matches"),
                        new Violation("/params/assertions/1/body", "takes exactly one of contains or matches"),
                        new Violation("/params/assertions/2/contains", "belongs inside body: {\"body\": {\"contains\": …}}"),
                        new Violation("/params/assertions/3/equals", "a body assertion takes contains or matches, inside body"));
    }

    @Test
    void aJsonPointerAssertionTakesAPointerAndTheValueExpectedThere() {
        assertThat(violationsOf("""
                "assertions": [{"jsonPointer": "status", "equals": "UP"},
                               {"jsonPointer": "/a~2b", "equals": "UP"},
                               {"jsonPointer": "/status"},
                               {"jsonPointer": "/status", "contains": "UP"}]"""))
                .extracting(Violation::pointer).containsExactly(
                        "/params/assertions/0/jsonPointer",
                        "/params/assertions/1/jsonPointer",
                        "/params/assertions/2/equals",
                        "/params/assertions/3/contains", "/params/assertions/3/equals");
        assertThat(violationsOf("\"assertions\": [{\"jsonPointer\": \"status\", \"equals\": 1}]"))
                .singleElement().extracting(Violation::message).asString()
                .startsWith("'status' is not a JSON pointer such as \"/status\"");
        assertThat(aJobWith("\"assertions\": [{\"jsonPointer\": \"\", \"equals\": {}}]").assertions())
                .as("the empty pointer is the whole body").hasSize(1);
    }

    @Test
    void aRegularExpressionThatDoesNotCompileIsPointedAt() {
        assertThat(violationsOf("""
                "assertions": [{"header": "A", "matches": "(open"}, {"body": {"matches": "[a-"}}]"""))
                .satisfiesExactly(
                        v -> {
                            assertThat(v.pointer()).isEqualTo("/params/assertions/0/matches");
                            assertThat(v.message()).startsWith("is not a valid regular expression: Unclosed group");
                        },
                        v -> {
                            assertThat(v.pointer()).isEqualTo("/params/assertions/1/body/matches");
                            assertThat(v.message()).startsWith("is not a valid regular expression:");
                        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "-PT1S", "P2D"})
    void maxLatencyIsMoreThanNothingAndAtMostADay(String latency) {
        assertThat(violationsOf("\"maxLatency\": \"" + latency + "\"")).containsExactly(
                new Violation("/params/maxLatency", "must be more than PT0S and at most PT24H"));
    }

    @Test
    void anUnknownFieldOfAnAssertionNamesTheKnownOnes() {
        assertThat(violationsOf("\"assertions\": [{\"header\": \"A\", \"startsWith\": \"x\"}]")).containsExactly(
                new Violation("/params/assertions/0/startsWith",
                        "unknown field; known: [body, contains, equals, header, jsonPointer, matches]"));
    }

    /** Whatever the shape, a refusal with a pointer, never an exception of another kind. */
    @ParameterizedTest
    @ValueSource(strings = {
            "\"headers\": [\"Accept\"]", "\"headers\": {\"A\": {}}", "\"headers\": {\"\": \"x\"}",
            "\"assertions\": {}", "\"assertions\": [1]", "\"assertions\": [\"x\"]", "\"assertions\": [[]]",
            "\"assertions\": [{\"header\": {}}]", "\"assertions\": [{\"body\": \"UP\"}]",
            "\"assertions\": [{\"body\": null}]", "\"assertions\": [{\"header\": \"\", \"equals\": null}]",
            "\"assertions\": [{\"jsonPointer\": 5}]", "\"expectStatus\": 1e400",
            "\"expectStatus\": 123456789012345678901234567890", "\"method\": \"get\"", "\"body\": {}",
            "\"followRedirects\": \"sometimes\"", "\"trustRedirects\": \"yes\""})
    void anOddShapeIsRefusedWithAPointer(String more) {
        assertThat(violationsOf(more)).isNotEmpty().allSatisfy(v -> assertThat(v.pointer()).startsWith("/params/"));
    }

    @Test
    void trustingRedirectsIsRefusedWhereNoRedirectIsFollowed() {
        assertThat(violationsOf("\"trustRedirects\": true")).containsExactly(
                new Violation("/params/trustRedirects", "only applies with followRedirects: true"));
        assertThat(aJobWith("\"trustRedirects\": true, \"followRedirects\": true").trustRedirects()).isTrue();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(violationsOf("""
                "method": "GET", "body": "x", "headers": {"Host": "y"}, "expectStatus": 700, "maxLatency": "PT0S",
                "assertions": [{}]"""))
                .extracting(Violation::pointer).containsExactly("/params/headers/Host", "/params/body",
                        "/params/expectStatus", "/params/assertions/0", "/params/maxLatency");
    }
}
