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
                        ExpectedStatus.of(200), List.of(), null, false, false, true));
    }

    @Test
    void anUnknownTypeNamesTheKnownOnes() {
        assertThatThrownBy(() -> JobTypes.parse("mystery", null))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> {
                            assertThat(v.pointer()).isEqualTo("/type");
                            assertThat(v.message()).contains("dns", "http", "noop", "profile", "sleep", "tcp", "tls");
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
                                + "followRedirects, headers, maxLatency, method, trustRedirects, url, verifyTls]")));
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

    @Test
    void tlsNeedsOnlyAHostAndChecksEverythingElseByDefault() {
        TlsParams params = (TlsParams) JobTypes.parse("tls", json("{\"host\":\"example.org\"}"));

        assertThat(params).isEqualTo(new TlsParams("example.org", 443, "example.org", null, null, true, List.of(), true));
        assertThat(params.trustedCertificateList()).isEmpty();
    }

    @Test
    void everyTlsProblemIsReportedAtOnceWithWhatIsExpected() {
        assertThatThrownBy(() -> JobTypes.parse("tls", json("""
                {"host": "example.org", "port": 0, "minDaysValid": -1, "minProtocol": "TLSv1.1"}""")))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("/params/port", "must be a TCP port between 1 and 65535"),
                        new Violation("/params/minDaysValid", "must be 0 or more"),
                        new Violation("/params/minProtocol", "must be one of [TLSv1.2, TLSv1.3]")));
    }

    @Test
    void aTlsHostIsRequiredAndBare() {
        assertThatThrownBy(() -> JobTypes.parse("tls", json("{\"port\":65536}")))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("/params/host", "is required, e.g. \"example.org\""),
                        new Violation("/params/port", "must be a TCP port between 1 and 65535")));
        assertThatThrownBy(() -> JobTypes.parse("tls", json("{\"host\":\"https://example.org/\"}")))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("/params/host", "must be a host name or IP address, without scheme or path")));
    }

    @Test
    void aTrustedCertificateThatIsNotPemIsPointedAt() {
        String truncated = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIBATAKBggqhkjOPQQDAjA=\n-----END CERTIFICATE-----\n";
        JsonNode params = ConveyorJson.mapper().createObjectNode().put("host", "example.org")
                .set("trustedCertificates", ConveyorJson.mapper().createArrayNode()
                        .add("not a certificate").add(truncated));

        assertThatThrownBy(() -> JobTypes.parse("tls", params))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("/params/trustedCertificates/0",
                                "must be one or more X.509 certificates in PEM (-----BEGIN CERTIFICATE----- …)"),
                        new Violation("/params/trustedCertificates/1",
                                "must be one or more X.509 certificates in PEM (-----BEGIN CERTIFICATE----- …)")));
    }

    @Test
    void aTlsPortOfTheWrongShapeIsNamedInTheTermsOfJson() {
        assertThatThrownBy(() -> JobTypes.parse("tls", json("{\"host\":\"example.org\",\"port\":\"https\"}")))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("/params/port", "'https' is not an integer")));
    }
}
