package dev.conveyor.worker.jobtypes;

import static dev.conveyor.worker.jobtypes.TestCertificates.aCertificate;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class HostnameMatcherTests {

    @Test
    void aNameMatchesItselfWhateverItsCaseOrTrailingDot() {
        assertThat(HostnameMatcher.dnsMatches("www.example.org", "WWW.Example.org.")).isTrue();
        assertThat(HostnameMatcher.dnsMatches("www.example.org", "example.org")).isFalse();
    }

    @Test
    void aWildcardStandsForExactlyOneLeftmostLabel() {
        assertThat(HostnameMatcher.dnsMatches("*.example.org", "api.example.org")).isTrue();
        assertThat(HostnameMatcher.dnsMatches("*.example.org", "example.org")).isFalse();
        assertThat(HostnameMatcher.dnsMatches("*.example.org", "a.api.example.org")).isFalse();
        assertThat(HostnameMatcher.dnsMatches("*.example.org", "api.example.net")).isFalse();
    }

    @Test
    void aWildcardNeverCoversATopLevelDomainNorPartOfALabel() {
        assertThat(HostnameMatcher.dnsMatches("*.org", "example.org")).isFalse();
        assertThat(HostnameMatcher.dnsMatches("api*.example.org", "api1.example.org")).isFalse();
        assertThat(HostnameMatcher.dnsMatches("www.*.org", "www.example.org")).isFalse();
    }

    @Test
    void anAddressMatchesOnlyTheAddressesOfTheCertificateInAnySpelling() {
        X509Certificate certificate = aCertificate().forNames("example.org", "192.0.2.1", "2001:db8::1")
                .selfSigned().certificate();

        assertThat(HostnameMatcher.matches(certificate, "192.0.2.1")).isTrue();
        assertThat(HostnameMatcher.matches(certificate, "2001:0db8:0:0:0:0:0:1")).isTrue();
        assertThat(HostnameMatcher.matches(certificate, "[2001:db8::1]")).isTrue();
        assertThat(HostnameMatcher.matches(certificate, "192.0.2.2")).isFalse();
    }

    @Test
    void theCommonNameIsNeverRead() {
        X509Certificate certificate = aCertificate().forNames("other.example").withCommonName("example.org")
                .selfSigned().certificate();

        assertThat(HostnameMatcher.matches(certificate, "example.org")).isFalse();
    }

    @Test
    void onlyDnsAndIpNamesAreRead() {
        X509Certificate certificate = aCertificate().forNames("example.org", "192.0.2.1").selfSigned().certificate();

        assertThat(HostnameMatcher.altNames(certificate)).extracting(Object::toString)
                .containsExactly("DNS:example.org", "IP:192.0.2.1");
    }
}
