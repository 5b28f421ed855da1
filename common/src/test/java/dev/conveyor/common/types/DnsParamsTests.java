package dev.conveyor.common.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.DnsParams.RecordType;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsParamsTests {

    /** Parses dns params written with single quotes, for legibility. */
    private static DnsParams parse(String params) {
        return (DnsParams) JobTypes.parse("dns", ConveyorJson.mapper().readTree(params.replace('\'', '"')));
    }

    private static List<Violation> violationsOf(String params) {
        InvalidJobException rejection = catchThrowableOfType(InvalidJobException.class, () -> parse(params));
        assertThat(rejection).as("the rejection of %s", params).isNotNull();
        return rejection.violations();
    }

    @Test
    void asksTheSystemsResolverForAnyARecordByDefault() {
        DnsParams params = parse("{'name':'example.org'}");

        assertThat(params).isEqualTo(new DnsParams("example.org", RecordType.A, null, null));
        assertThat(params.resolverAddress()).isEmpty();
    }

    @Test
    void bindsEachRecordTypeWithItsExpectedValues() {
        assertThat(parse("{'name':'example.org','type':'AAAA','expect':['2001:db8::1']}").expect())
                .containsExactly("2001:db8::1");
        assertThat(parse("{'name':'www.example.org.','type':'CNAME','expect':['example.org']}").type())
                .isEqualTo(RecordType.CNAME);
        assertThat(parse("{'name':'example.org','type':'MX','expect':['mx1.example.org','20 mx2.example.org']}").expect())
                .hasSize(2);
        assertThat(parse("{'name':'_dmarc.example.org','type':'TXT','expect':['v=DMARC1; p=reject']}").expect())
                .containsExactly("v=DMARC1; p=reject");
    }

    @Test
    void aResolverIsAHostWithPort53UnlessItSaysOtherwise() {
        assertThat(parse("{'name':'example.org','resolver':'192.0.2.53'}").resolverAddress())
                .contains(InetSocketAddress.createUnresolved("192.0.2.53", 53));
        assertThat(parse("{'name':'example.org','resolver':'dns.example.org:5353'}").resolverAddress())
                .contains(InetSocketAddress.createUnresolved("dns.example.org", 5353));
        assertThat(parse("{'name':'example.org','resolver':'[2001:db8::53]:5353'}").resolverAddress())
                .contains(InetSocketAddress.createUnresolved("2001:db8::53", 5353));
        assertThat(parse("{'name':'example.org','resolver':'2001:db8::53'}").resolverAddress())
                .contains(InetSocketAddress.createUnresolved("2001:db8::53", 53));
    }

    @Test
    void aNameIsRequiredAndMustBeADnsName() {
        assertThat(violationsOf("{}")).containsExactly(new Violation("/params/name", "is required"));
        assertThat(violationsOf("{'name':'example..org'}")).containsExactly(
                new Violation("/params/name", "'example..org' is not a DNS name: it has an empty label"));
        assertThat(violationsOf("{'name':'ldap://example.org/x'}")).singleElement()
                .satisfies(v -> assertThat(v.pointer()).isEqualTo("/params/name"));
        assertThat(violationsOf("{'name':'bücher.example'}")).containsExactly(new Violation("/params/name",
                "'bücher.example' is not ASCII; write an internationalised name in its xn-- form"));
        assertThat(violationsOf("{'name':'" + "a".repeat(64) + ".example'}")).containsExactly(new Violation(
                "/params/name", "'" + "a".repeat(40) + "…' is not a DNS name: a label is longer than 63 characters"));
    }

    @Test
    void anUnknownRecordTypeNamesTheKnownOnes() {
        assertThat(violationsOf("{'name':'example.org','type':'SRV'}")).containsExactly(
                new Violation("/params/type", "'SRV' is not one of [A, AAAA, CNAME, MX, TXT]"));
    }

    @Test
    void expectedValuesMustSuitTheRecordType() {
        assertThat(violationsOf("{'name':'example.org','expect':['192.0.2.1','2001:db8::1']}")).containsExactly(
                new Violation("/params/expect/1", "'2001:db8::1' is not an IPv4 address, as an A record holds"));
        assertThat(violationsOf("{'name':'example.org','type':'AAAA','expect':['192.0.2.1']}")).containsExactly(
                new Violation("/params/expect/0", "'192.0.2.1' is not an IPv6 address, as an AAAA record holds"));
        assertThat(violationsOf("{'name':'example.org','type':'CNAME','expect':['not a name']}")).singleElement()
                .satisfies(v -> assertThat(v.pointer()).isEqualTo("/params/expect/0"));
        assertThat(violationsOf("{'name':'example.org','type':'MX','expect':['99999 mx.example.org']}")).containsExactly(
                new Violation("/params/expect/0", "preference 99999 is not between 0 and 65535"));
    }

    @Test
    void anEmptyOrNullExpectationIsRejectedRatherThanPassingOnAnything() {
        assertThat(violationsOf("{'name':'example.org','expect':[]}")).containsExactly(new Violation(
                "/params/expect", "must hold at least one value; leave it out to pass on any answer"));
        assertThat(violationsOf("{'name':'example.org','type':'TXT','expect':['ok',null]}")).containsExactly(
                new Violation("/params/expect/1", "must be a string"));
    }

    @Test
    void aBadResolverSaysWhatIsWrongAndHowToWriteOne() {
        String howTo = "; write host or host:port, e.g. \"192.0.2.53\" or \"[2001:db8::53]:5353\"";
        assertThat(violationsOf("{'name':'example.org','resolver':'192.0.2.53:99999'}")).containsExactly(
                new Violation("/params/resolver", "port '99999' is not a number from 1 to 65535" + howTo));
        assertThat(violationsOf("{'name':'example.org','resolver':'192.0.2.53:dns'}")).containsExactly(
                new Violation("/params/resolver", "port 'dns' is not a number from 1 to 65535" + howTo));
        assertThat(violationsOf("{'name':'example.org','resolver':'udp://192.0.2.53'}")).containsExactly(
                new Violation("/params/resolver", "'udp://192.0.2.53' is a URL; give only its host" + howTo));
        assertThat(violationsOf("{'name':'example.org','resolver':'[2001:db8::53'}")).containsExactly(
                new Violation("/params/resolver", "'[2001:db8::53' opens '[' and never closes it" + howTo));
        assertThat(violationsOf("{'name':'example.org','resolver':':53'}")).containsExactly(
                new Violation("/params/resolver", "':53' has no host" + howTo));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(violationsOf("{'name':'-x-','expect':['nope'],'resolver':'a b'}"))
                .extracting(Violation::pointer)
                .containsExactly("/params/name", "/params/expect/0", "/params/resolver");
    }
}
