package dev.conveyor.common.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which targets a queue's scope refuses, and what it says when it does. */
class TargetScopeTests {

    private static TargetScope defaults() {
        return new TargetScopes(new TargetsProperties(null, null)).forQueue("default");
    }

    private static TargetScope allowing(List<String> allow, List<String> deny) {
        return new TargetScopes(new TargetsProperties(new TargetsProperties.Scope(allow, deny, null), null))
                .forQueue("default");
    }

    private static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void byDefaultMetadataAndLinkLocalAddressesAreRefused() throws Exception {
        TargetScope scope = defaults();

        assertThat(scope.refusalBeforeResolving("169.254.169.254", 80)).hasValue("169.254.169.254:80 is refused:"
                + " built-in deny rule '169.254.0.0/16' (link-local and cloud metadata addresses) of queue 'default'"
                + " (conveyor.targets.default) matches it");
        assertThat(scope.refusal(null, address("169.254.170.2"), 80)).isPresent();
        assertThat(scope.refusalBeforeResolving("[fe80::1]", 443)).isPresent();
        assertThat(scope.refusalBeforeResolving("fd00:ec2::254", 80)).isPresent();
        assertThat(scope.refusalBeforeResolving("100.100.100.200", 80)).isPresent();
        assertThat(scope.refusalBeforeResolving("168.63.129.16", 80)).isPresent();
        assertThat(scope.refusalBeforeResolving("0.0.0.0", 8080)).isPresent();
        assertThat(scope.refusalBeforeResolving("::", 8080)).isPresent();
        // What the JDK makes of an IPv4-mapped IPv6 address: the IPv4 address it maps.
        assertThat(scope.refusalBeforeResolving("[::ffff:169.254.169.254]", 80)).isPresent();
        assertThat(scope.refusalBeforeResolving("METADATA.google.internal.", 80)).hasValueSatisfying(why ->
                assertThat(why).contains("built-in deny rule 'metadata.google.internal'"));
    }

    @Test
    void byDefaultLoopbackPrivateAndPublicTargetsAreAllowed() throws Exception {
        TargetScope scope = defaults();

        assertThat(scope.refusalBeforeResolving("localhost", 8080)).isEmpty();
        assertThat(scope.refusal("localhost", address("127.0.0.1"), 8080)).isEmpty();
        assertThat(scope.refusal(null, address("::1"), 8080)).isEmpty();
        assertThat(scope.refusalBeforeResolving("10.1.2.3", 22)).isEmpty();
        assertThat(scope.refusalBeforeResolving("192.168.1.1", 443)).isEmpty();
        assertThat(scope.refusalBeforeResolving("fd12::1", 443)).isEmpty();
        assertThat(scope.refusalBeforeResolving("example.org", 443)).isEmpty();
        assertThat(scope.refusesNothing()).isFalse();
    }

    @Test
    void ipv4BlocksMatchTheirAddressesOnly() throws Exception {
        TargetScope scope = allowing(List.of(), List.of("10.0.0.0/8", "192.0.2.7"));

        assertThat(scope.refusal(null, address("10.255.0.1"), 80)).hasValue("10.255.0.1:80 is refused: deny rule"
                + " '10.0.0.0/8' of queue 'default' (conveyor.targets.default) matches it");
        assertThat(scope.refusal(null, address("11.0.0.1"), 80)).isEmpty();
        assertThat(scope.refusal(null, address("192.0.2.7"), 80)).isPresent();
        assertThat(scope.refusal(null, address("192.0.2.8"), 80)).isEmpty();
        assertThat(scope.refusal(null, address("::ffff:10.0.0.1"), 80)).isPresent();
        assertThat(scope.refusal(null, address("fd00::10:0:0:1"), 80)).isEmpty();
    }

    @Test
    void ipv6BlocksMatchTheirAddressesOnly() throws Exception {
        TargetScope scope = allowing(List.of(), List.of("2001:db8::/32", "[fd00::/8]:443"));

        assertThat(scope.refusal(null, address("2001:db8:ffff::1"), 80)).isPresent();
        assertThat(scope.refusal(null, address("2001:db9::1"), 80)).isEmpty();
        assertThat(scope.refusal(null, address("fd12::1"), 443)).hasValue("[fd12:0:0:0:0:0:0:1]:443 is refused:"
                + " deny rule '[fd00::/8]:443' of queue 'default' (conveyor.targets.default) matches it");
        assertThat(scope.refusal(null, address("fd12::1"), 80)).isEmpty();
        assertThat(scope.refusal(null, address("10.0.0.1"), 443)).isEmpty();
    }

    @Test
    void hostPatternsMatchNamesBelowTheirDomainWithoutRegardToCase() {
        TargetScope scope = allowing(List.of(), List.of("*.corp.example", "db.example.org"));

        assertThat(scope.refusalBeforeResolving("wiki.corp.example", 443)).hasValue("wiki.corp.example:443 is refused:"
                + " deny rule '*.corp.example' of queue 'default' (conveyor.targets.default) matches it");
        assertThat(scope.refusalBeforeResolving("a.b.CORP.example.", 443)).isPresent();
        assertThat(scope.refusalBeforeResolving("corp.example", 443)).isEmpty();
        assertThat(scope.refusalBeforeResolving("notcorp.example", 443)).isEmpty();
        assertThat(scope.refusalBeforeResolving("db.example.org", 5432)).isPresent();
        assertThat(scope.refusalBeforeResolving("x.db.example.org", 5432)).isEmpty();
    }

    @Test
    void portsNarrowARuleToThem() {
        TargetScope scope = allowing(List.of(), List.of("*:22", "*.corp.example:8000-8999"));

        assertThat(scope.refusalBeforeResolving("example.org", 22)).isPresent();
        assertThat(scope.refusalBeforeResolving("192.0.2.1", 22)).isPresent();
        assertThat(scope.refusalBeforeResolving("example.org", 23)).isEmpty();
        assertThat(scope.refusalBeforeResolving("wiki.corp.example", 8000)).isPresent();
        assertThat(scope.refusalBeforeResolving("wiki.corp.example", 8999)).isPresent();
        assertThat(scope.refusalBeforeResolving("wiki.corp.example", 9000)).isEmpty();
    }

    @Test
    void anAllowListRefusesWhatNoneOfItsRulesMeet() throws Exception {
        TargetScope scope = allowing(List.of("10.0.0.0/8", "*.corp.example:443"), List.of());

        assertThat(scope.refusal(null, address("10.1.1.1"), 80)).isEmpty();
        assertThat(scope.refusal(null, address("192.0.2.1"), 80)).hasValue("192.0.2.1:80 is refused: no allow rule of"
                + " queue 'default' (conveyor.targets.default) matches it (allow: [10.0.0.0/8, *.corp.example:443])");
        assertThat(scope.refusalBeforeResolving("wiki.corp.example", 443)).isEmpty();
        // A name no allow rule names may still resolve into an allowed block: only the worker can tell.
        assertThat(scope.refusalBeforeResolving("elsewhere.example", 443)).isEmpty();
        assertThat(scope.refusal("elsewhere.example", address("192.0.2.1"), 443)).hasValue("elsewhere.example:443 is"
                + " refused: it resolves to 192.0.2.1, which no allow rule of queue 'default' (conveyor.targets.default)"
                + " matches (allow: [10.0.0.0/8, *.corp.example:443])");
        assertThat(scope.refusal("wiki.corp.example", address("192.0.2.1"), 443)).isEmpty();
    }

    @Test
    void anAllowListOfNamesAloneRefusesOtherNamesBeforeResolving() {
        TargetScope scope = allowing(List.of("*.corp.example"), List.of());

        assertThat(scope.refusalBeforeResolving("example.org", 443)).hasValue("example.org:443 is refused: no allow"
                + " rule of queue 'default' (conveyor.targets.default) matches it (allow: [*.corp.example])");
        assertThat(scope.refusalBeforeResolving("192.0.2.1", 443)).isPresent();
    }

    @Test
    void denyWinsOverAllow() throws Exception {
        TargetScope scope = allowing(List.of("10.0.0.0/8", "*.corp.example"), List.of("10.0.0.0/24", "hr.corp.example"));

        assertThat(scope.refusal(null, address("10.0.0.5"), 80)).hasValueSatisfying(why ->
                assertThat(why).contains("deny rule '10.0.0.0/24'"));
        assertThat(scope.refusalBeforeResolving("hr.corp.example", 80)).isPresent();
        assertThat(scope.refusal("wiki.corp.example", address("10.0.0.9"), 80)).isPresent();
        // Nor does an allow rule lift the built-in ones.
        assertThat(allowing(List.of("169.254.0.0/16"), List.of()).refusalBeforeResolving("169.254.169.254", 80))
                .isPresent();
    }

    @Test
    void aNameIsRefusedByTheAddressItResolvesTo() throws Exception {
        TargetScope scope = allowing(List.of(), List.of("127.0.0.0/8"));

        assertThat(scope.refusalBeforeResolving("localhost", 8080)).isEmpty();
        assertThat(scope.refusal("localhost", address("127.0.0.1"), 8080)).hasValue("localhost:8080 is refused: it"
                + " resolves to 127.0.0.1, which deny rule '127.0.0.0/8' of queue 'default' (conveyor.targets.default)"
                + " matches");
    }

    /** A lookup that knows the names of one network: vault and its alias share 10.9.0.5. */
    private static List<InetAddress> lookup(String host) throws UnknownHostException {
        return switch (host) {
            case "vault.customer-a.example", "secrets.customer-a.example" ->
                    List.of(InetAddress.getByName("10.9.0.5"), InetAddress.getByName("fd00::5"));
            case "wiki.customer-a.example" -> List.of(InetAddress.getByName("10.9.0.6"));
            default -> throw new UnknownHostException(host + ": Name or service not known");
        };
    }

    @Test
    void aDeniedHostNameDeniesItsAddressesAndItsOtherNames() throws Exception {
        TargetScope scope = allowing(List.of(), List.of("vault.customer-a.example"));

        assertThat(scope.refusalAsDeniedHost("10.9.0.5", List.of(address("10.9.0.5")), 8200,
                TargetScopeTests::lookup)).hasValue("10.9.0.5:8200 is refused: it is an address of"
                + " vault.customer-a.example, which deny rule 'vault.customer-a.example' of queue 'default'"
                + " (conveyor.targets.default) names");
        assertThat(scope.refusalAsDeniedHost("[fd00::5]", List.of(address("fd00::5")), 8200,
                TargetScopeTests::lookup)).isPresent();
        assertThat(scope.refusalAsDeniedHost("secrets.customer-a.example", List.of(address("10.9.0.5")), 8200,
                TargetScopeTests::lookup)).hasValue("secrets.customer-a.example:8200 is refused: it resolves to"
                + " 10.9.0.5, an address of vault.customer-a.example, which deny rule 'vault.customer-a.example' of"
                + " queue 'default' (conveyor.targets.default) names");
        assertThat(scope.refusalAsDeniedHost("wiki.customer-a.example", List.of(address("10.9.0.6")), 443,
                TargetScopeTests::lookup)).isEmpty();
    }

    @Test
    void aDeniedHostNameOnAPortDeniesItsAddressesOnThatPortOnly() throws Exception {
        TargetScope scope = allowing(List.of(), List.of("vault.customer-a.example:8200"));

        assertThat(scope.refusalAsDeniedHost("10.9.0.5", List.of(address("10.9.0.5")), 8200,
                TargetScopeTests::lookup)).isPresent();
        assertThat(scope.refusalAsDeniedHost("10.9.0.5", List.of(address("10.9.0.5")), 22,
                TargetScopeTests::lookup)).isEmpty();
    }

    @Test
    void aDeniedHostNameThatDoesNotResolveRefusesRatherThanGuesses() throws Exception {
        TargetScope scope = allowing(List.of(), List.of("gone.customer-a.example"));

        assertThat(scope.refusalAsDeniedHost("10.9.0.6", List.of(address("10.9.0.6")), 443,
                TargetScopeTests::lookup)).hasValue("10.9.0.6:443 is refused: deny rule 'gone.customer-a.example' of"
                + " queue 'default' (conveyor.targets.default) names gone.customer-a.example, which does not resolve"
                + " now (gone.customer-a.example: Name or service not known), so the target cannot be told apart"
                + " from it");
    }

    @Test
    void onlyDeniedHostNamesAreLookedUp() throws Exception {
        List<String> looked = new ArrayList<>();
        TargetScope scope = allowing(List.of("wiki.customer-a.example"), List.of("*.hr.customer-a.example",
                "10.0.0.0/8", "vault.customer-a.example"));

        assertThat(scope.refusalAsDeniedHost("192.0.2.1", List.of(address("192.0.2.1")), 443, host -> {
            looked.add(host);
            return lookup(host);
        })).isEmpty();
        assertThat(looked).as("not the allowed name, the domain, the block or the built-in names")
                .containsExactly("vault.customer-a.example");
    }

    @Test
    void aQueueTakesWhatItDoesNotSetFromTheDefault() throws Exception {
        TargetsProperties.Scope fallback = new TargetsProperties.Scope(List.of(), List.of("10.0.0.0/8"), null);
        TargetScopes scopes = new TargetScopes(new TargetsProperties(fallback, Map.of(
                "internal", new TargetsProperties.Scope(List.of("10.0.0.0/8"), List.of(), null),
                "lab", new TargetsProperties.Scope(null, null, false),
                "edge", new TargetsProperties.Scope(List.of("*.edge.example"), null, null))));

        assertThat(scopes.forQueue("internal").refusal(null, address("10.1.1.1"), 80)).isEmpty();
        assertThat(scopes.forQueue("internal").refusal(null, address("192.0.2.1"), 80)).hasValueSatisfying(why ->
                assertThat(why).contains("of queue 'internal' (conveyor.targets.queues.internal)"));
        assertThat(scopes.forQueue("internal").refusalBeforeResolving("169.254.169.254", 80)).isPresent();
        assertThat(scopes.forQueue("lab").refusalBeforeResolving("169.254.169.254", 80)).isEmpty();
        assertThat(scopes.forQueue("lab").refusal(null, address("10.1.1.1"), 80)).isPresent();
        assertThat(scopes.forQueue("edge").refusal("a.edge.example", address("10.1.1.1"), 80)).isPresent();
        assertThat(scopes.forQueue("other").refusal(null, address("10.1.1.1"), 80)).hasValueSatisfying(why ->
                assertThat(why).contains("of queue 'other' (conveyor.targets.default)"));
        assertThat(scopes.forQueue("lab").refusesNothing()).isFalse();
        assertThat(new TargetScopes(new TargetsProperties(new TargetsProperties.Scope(null, null, false), null))
                .forQueue("x").refusesNothing()).isTrue();
    }

    @Test
    void rulesThatCannotBeReadSayWhy() {
        assertThatThrownBy(() -> TargetRule.parse("10.0.0.1/8")).hasMessage("'10.0.0.1/8' has bits set past its"
                + " prefix; write its network, e.g. '10.0.0.0/8'");
        assertThatThrownBy(() -> TargetRule.parse("10.0.0.0/33")).hasMessage("'/33' is not a prefix length from 0 to 32");
        assertThatThrownBy(() -> TargetRule.parse("fe80::/129")).hasMessageContaining("from 0 to 128");
        assertThatThrownBy(() -> TargetRule.parse("300.1.1.1")).hasMessageContaining("neither an address");
        assertThatThrownBy(() -> TargetRule.parse("*.corp.example:0")).hasMessageContaining("ports go from 1 to 65535");
        assertThatThrownBy(() -> TargetRule.parse("*.corp.example:90-80")).hasMessageContaining("the lower first");
        assertThatThrownBy(() -> TargetRule.parse("host:http")).hasMessageContaining("is not a port");
        assertThatThrownBy(() -> TargetRule.parse("a.*.example")).hasMessageContaining("neither an address");
        assertThatThrownBy(() -> TargetRule.parse("https://example.org")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetRule.parse("[fd00::/8")).hasMessageContaining("never closes");
        assertThatThrownBy(() -> TargetRule.parse(" ")).hasMessage("a rule is empty");
    }
}
