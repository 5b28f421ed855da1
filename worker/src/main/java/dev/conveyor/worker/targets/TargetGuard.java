package dev.conveyor.worker.targets;

import dev.conveyor.common.targets.TargetScope;
import dev.conveyor.common.targets.TargetScopes;
import dev.conveyor.common.targets.TargetsProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Resolves a check's target once, checks every address it resolves to against the job's queue's
 * scope ({@code conveyor.targets}), and hands the checked addresses to the check, which connects
 * to one of them and resolves nothing again: a name whose DNS answers one address when asked and
 * another when connecting (rebinding) reaches only what was checked. The host names that deny rules
 * name are resolved by the same resolver at the same time, so that a denied host is not reached by
 * its address or another of its names either.
 */
@Component
public class TargetGuard {

    private static final Logger log = LoggerFactory.getLogger(TargetGuard.class);

    /** How host names become addresses; the JDK's resolver in a worker. */
    @FunctionalInterface
    public interface Resolver {

        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final TargetScopes scopes;
    private final Resolver resolver;

    @Autowired
    TargetGuard(TargetsProperties properties) {
        this(new TargetScopes(properties), InetAddress::getAllByName);
    }

    public TargetGuard(TargetScopes scopes, Resolver resolver) {
        this.scopes = scopes;
        this.resolver = resolver;
    }

    /** A guard with the default settings (the built-in deny rules alone) and the JDK's resolver. */
    public static TargetGuard withDefaultScope() {
        return new TargetGuard(new TargetsProperties(null, null));
    }

    /**
     * The addresses of {@code host}, each allowed on {@code port} by the scope of {@code queue}, to
     * connect to; a literal address is not resolved.
     *
     * @param host a host name or an IP literal, an IPv6 one in brackets or not
     * @throws TargetRefusedException when the scope refuses the name or any address it resolves to,
     *     or when a host name a deny rule names resolves to one of those addresses, or does not resolve
     * @throws UnknownHostException when the name does not resolve
     */
    public List<InetAddress> addresses(String queue, String host, int port) throws UnknownHostException {
        TargetScope scope = scopes.forQueue(queue);
        refuseIfPresent(scope.refusalBeforeResolving(host, port));
        List<InetAddress> addresses = List.of(resolver.resolve(unbracketed(host)));
        // Every address, not only the one connected to: a check that reached another of them
        // (a retry, a second connection) must not leave the scope either.
        for (InetAddress address : addresses) {
            refuseIfPresent(scope.refusal(host, address, port));
        }
        // The denied names through this same resolver, now: what the check would reach is what they are now.
        refuseIfPresent(scope.refusalAsDeniedHost(host, addresses, port, name -> List.of(resolver.resolve(name))));
        return addresses;
    }

    private static void refuseIfPresent(Optional<String> refusal) {
        if (refusal.isPresent()) {
            log.warn("Refused a check's target: {}", refusal.get());
            throw new TargetRefusedException(refusal.get());
        }
    }

    private static String unbracketed(String host) {
        return host.length() > 2 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
                : host;
    }
}
