package dev.conveyor.common.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conveyor.common.json.ConveyorJson;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpParamsTests {

    /** Parses tcp params written with single quotes, for legibility. */
    private static JobParams parse(String params) {
        return JobTypes.parse("tcp", ConveyorJson.mapper().readTree(params.replace('\'', '"')));
    }

    private static List<Violation> violationsOf(String params) {
        InvalidJobException rejection = catchThrowableOfType(InvalidJobException.class, () -> parse(params));
        assertThat(rejection).as("the rejection of %s", params).isNotNull();
        return rejection.violations();
    }

    @Test
    void expectsAnOpenPortWithinFiveSecondsByDefault() {
        assertThat(parse("{'host':'db.example.org','port':5432}"))
                .isEqualTo(new TcpParams("db.example.org", 5432, TcpParams.Expect.OPEN, Duration.ofSeconds(5)));
    }

    @Test
    void bindsAClosedExpectationAndAnIsoConnectTimeout() {
        assertThat(parse("{'host':'192.0.2.7','port':23,'expect':'closed','connectTimeout':'PT0.5S'}"))
                .isEqualTo(new TcpParams("192.0.2.7", 23, TcpParams.Expect.CLOSED, Duration.ofMillis(500)));
    }

    @Test
    void takesIpv6AddressesBareOrInBrackets() {
        assertThat(parse("{'host':'2001:db8::1','port':22}")).isInstanceOf(TcpParams.class);
        assertThat(parse("{'host':'[::1]','port':22}")).isInstanceOf(TcpParams.class);
    }

    @Test
    void hostAndPortAreRequired() {
        assertThat(violationsOf("{}")).containsExactly(
                new Violation("/params/host", "is required"),
                new Violation("/params/port", "is required"));
    }

    @Test
    void aPortOutsideOneTo65535IsRejected() {
        assertThat(violationsOf("{'host':'example.org','port':0}"))
                .containsExactly(new Violation("/params/port", "must be between 1 and 65535"));
        assertThat(violationsOf("{'host':'example.org','port':65536}"))
                .containsExactly(new Violation("/params/port", "must be between 1 and 65535"));
    }

    @Test
    void aPortThatIsNoNumberIsNamedInTheTermsOfJson() {
        assertThat(violationsOf("{'host':'example.org','port':'http'}"))
                .containsExactly(new Violation("/params/port", "'http' is not an integer"));
    }

    @Test
    void anUnknownExpectationNamesTheKnownOnes() {
        assertThat(violationsOf("{'host':'example.org','port':80,'expect':'ajar'}"))
                .containsExactly(new Violation("/params/expect", "'ajar' is not one of [open, closed]"));
    }

    @Test
    void aConnectTimeoutMustBePositiveAndAtMostAnHour() {
        assertThat(violationsOf("{'host':'example.org','port':80,'connectTimeout':'PT0S'}"))
                .containsExactly(new Violation("/params/connectTimeout", "must be more than PT0S and at most PT1H"));
        assertThat(violationsOf("{'host':'example.org','port':80,'connectTimeout':'PT2H'}"))
                .containsExactly(new Violation("/params/connectTimeout", "must be more than PT0S and at most PT1H"));
    }

    @Test
    void aHostWithAPortOrASchemeSaysWhatToLeaveOut() {
        assertThat(violationsOf("{'host':'example.org:443','port':443}")).containsExactly(
                new Violation("/params/host", "'example.org:443' has a port; give the port on its own"));
        assertThat(violationsOf("{'host':'https://example.org','port':443}")).containsExactly(
                new Violation("/params/host", "'https://example.org' is a URL; give only its host"));
    }

    @Test
    void aHostThatIsNeitherANameNorAnAddressSaysWhy() {
        assertThat(violationsOf("{'host':'db..example.org','port':5432}")).containsExactly(
                new Violation("/params/host", "'db..example.org' is not a DNS name: it has an empty label"));
        assertThat(violationsOf("{'host':'my host','port':5432}")).containsExactly(
                new Violation("/params/host",
                        "'my host' is not a DNS name: label 'my host' holds a character other than a letter, digit, '-' or '_'"));
        assertThat(violationsOf("{'host':'300.1.2.3','port':5432}")).containsExactly(
                new Violation("/params/host", "'300.1.2.3' is not an IPv4 address"));
        assertThat(violationsOf("{'host':'2001:db8::zz','port':5432}")).containsExactly(
                new Violation("/params/host", "'2001:db8::zz' is not an IPv6 address"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(violationsOf("{'host':'-bad-','port':70000,'connectTimeout':'-PT1S'}"))
                .extracting(Violation::pointer)
                .containsExactly("/params/host", "/params/port", "/params/connectTimeout");
    }
}
