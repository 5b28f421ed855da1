package dev.conveyor.worker.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.common.targets.TargetScopes;
import dev.conveyor.common.targets.TargetsProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A host that a deny rule names stays out of reach however a check names it: by its address, or by
 * another name that resolves to the same address; and the guard asks its own resolver, at check
 * time, what the denied name's addresses are.
 */
class TargetGuardTests {

    /** What the network's DNS says now; {@code vault} and {@code secrets} are two names of one host. */
    private final Map<String, String> dns = new ConcurrentHashMap<>(Map.of(
            "vault.customer-a.example", "10.9.0.5",
            "secrets.customer-a.example", "10.9.0.5",
            "wiki.customer-a.example", "10.9.0.6"));

    private InetAddress[] resolve(String host) throws UnknownHostException {
        String address = dns.get(host);
        if (address != null) {
            return new InetAddress[] {InetAddress.getByName(address)};
        }
        if (host.matches("[0-9.]+")) {
            return new InetAddress[] {InetAddress.getByName(host)};
        }
        throw new UnknownHostException(host);
    }

    private final TargetGuard guard = new TargetGuard(new TargetScopes(new TargetsProperties(null, Map.of(
            "customer-a", new TargetsProperties.Scope(null, List.of("vault.customer-a.example"), null)))),
            this::resolve);

    @Test
    void theAddressOfADeniedHostIsRefused() {
        assertThatThrownBy(() -> guard.addresses("customer-a", "10.9.0.5", 8200))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessage("10.9.0.5:8200 is refused: it is an address of vault.customer-a.example, which deny rule"
                        + " 'vault.customer-a.example' of queue 'customer-a' (conveyor.targets.queues.customer-a)"
                        + " names");
    }

    @Test
    void anotherNameOfADeniedHostsAddressIsRefused() {
        assertThatThrownBy(() -> guard.addresses("customer-a", "secrets.customer-a.example", 8200))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("it resolves to 10.9.0.5, an address of vault.customer-a.example");
    }

    @Test
    void otherHostsOfTheQueueAndTheDeniedHostOnOtherQueuesAreReached() throws Exception {
        assertThat(guard.addresses("customer-a", "wiki.customer-a.example", 443))
                .containsExactly(InetAddress.getByName("10.9.0.6"));
        assertThat(guard.addresses("other", "10.9.0.5", 8200)).containsExactly(InetAddress.getByName("10.9.0.5"));
    }

    @Test
    void theDeniedNameIsResolvedWhenTheTargetIsChecked() throws Exception {
        assertThat(guard.addresses("customer-a", "10.9.0.7", 8200)).hasSize(1);

        dns.put("vault.customer-a.example", "10.9.0.7");

        assertThatThrownBy(() -> guard.addresses("customer-a", "10.9.0.7", 8200))
                .isInstanceOf(TargetRefusedException.class).hasMessageContaining("an address of vault");
    }

    @Test
    void aDeniedNameThatNoLongerResolvesRefusesEveryTargetOfItsQueue() {
        dns.remove("vault.customer-a.example");

        assertThatThrownBy(() -> guard.addresses("customer-a", "wiki.customer-a.example", 443))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("names vault.customer-a.example, which does not resolve now");
    }
}
