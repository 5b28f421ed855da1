package dev.conveyor.common.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** How {@code conveyor.targets} binds, and how bad settings stop an app from starting. */
class TargetsPropertiesTests {

    private static TargetsProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("conveyor.targets", Bindable.of(TargetsProperties.class));
    }

    @Test
    void withoutSettingsOnlyTheBuiltInRulesHold() {
        TargetsProperties properties = bind(Map.of());

        assertThat(properties.defaults()).isEqualTo(new TargetsProperties.Scope(List.of(), List.of(), true));
        assertThat(properties.queues()).isEmpty();
    }

    @Test
    void bindsTheDefaultAndEachQueue() {
        TargetsProperties properties = bind(Map.of(
                "conveyor.targets.default.deny", "10.0.0.0/8,*.corp.example",
                "conveyor.targets.queues.internal.allow[0]", "10.0.0.0/8",
                "conveyor.targets.queues.internal.deny", "",
                "conveyor.targets.queues.lab.deny-metadata", "false"));

        assertThat(properties.defaults().deny()).containsExactly("10.0.0.0/8", "*.corp.example");
        assertThat(properties.queues().get("internal")).isEqualTo(
                new TargetsProperties.Scope(List.of("10.0.0.0/8"), List.of(), null));
        assertThat(properties.queues().get("lab")).isEqualTo(new TargetsProperties.Scope(null, null, false));
    }

    @Test
    void aRuleThatCannotBeReadFailsBindingNamingItsProperty() {
        assertThatThrownBy(() -> bind(Map.of(
                "conveyor.targets.default.allow[0]", "10.0.0.0/8",
                "conveyor.targets.default.allow[1]", "10.0.0.1/8",
                "conveyor.targets.queues.lab.deny[0]", "*.corp.example:http")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage("conveyor.targets.default.allow[1]: '10.0.0.1/8' has bits set past its prefix;"
                        + " write its network, e.g. '10.0.0.0/8'; conveyor.targets.queues.lab.deny[0]:"
                        + " '*.corp.example:http': 'http' is not a port or a range from-to. A rule is an address block"
                        + " (10.0.0.0/8, fd00::/8), an address, a host name (db.example.org), '*.' and a domain"
                        + " (*.corp.example) or '*', each optionally with ':port' or ':from-to' ([fd00::/8]:443 for"
                        + " IPv6)");
    }
}
