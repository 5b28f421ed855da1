package dev.conveyor.common.targets;

import dev.conveyor.common.profiles.CheckSpec;
import dev.conveyor.common.profiles.ProfilePlan;
import dev.conveyor.common.profiles.Target;
import dev.conveyor.common.types.DnsParams;
import dev.conveyor.common.types.HttpParams;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.JobParams;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.common.types.ProfileParams;
import dev.conveyor.common.types.TcpParams;
import dev.conveyor.common.types.TlsParams;
import dev.conveyor.common.types.Violation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a job's checks will connect, as far as its params tell before anything is resolved, and
 * which of those a scope refuses. What the gateway asks before it accepts a job.
 */
public final class JobTargets {

    private JobTargets() {
    }

    /**
     * Where a check connects.
     *
     * @param pointer the param that names it, relative to the job's params ({@code /url})
     * @param host a host name or IP literal
     * @param port the port
     */
    public record Endpoint(String pointer, String host, int port) {
    }

    /**
     * What {@code scope} refuses of valid {@code params} before resolving, as violations relative
     * to the job's params; empty when nothing is refused yet.
     */
    public static List<Violation> refusals(JobParams params, TargetScope scope) {
        if (params instanceof ProfileParams profile) {
            return profileRefusals(profile, scope);
        }
        List<Violation> refusals = new ArrayList<>();
        for (Endpoint endpoint : endpoints(params)) {
            scope.refusalBeforeResolving(endpoint.host(), endpoint.port())
                    .ifPresent(why -> refusals.add(new Violation(endpoint.pointer(), why)));
        }
        return refusals;
    }

    /** Where a check of {@code params} connects; none for a job that is not a check or a profile. */
    public static List<Endpoint> endpoints(JobParams params) {
        return switch (params) {
            case HttpParams http -> List.of(new Endpoint("/url", http.url().getHost(), port(http.url())));
            case TcpParams tcp -> List.of(new Endpoint("/host", tcp.host(), tcp.port()));
            case TlsParams tls -> List.of(new Endpoint("/host", tls.host(), tls.port()));
            case DnsParams dns -> dns.resolverAddress()
                    .map(resolver -> List.of(new Endpoint("/resolver", resolver.getHostString(), resolver.getPort())))
                    .orElse(List.of());
            default -> List.of();
        };
    }

    /** The port a URL connects to: its own, or its scheme's. */
    public static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    /** Each control's first target it may not reach, as {@link ProfilePlan#problems} reports a control. */
    private static List<Violation> profileRefusals(ProfileParams params, TargetScope scope) {
        List<Violation> refusals = new ArrayList<>();
        List<Target> targets = params.inventory().expand();
        for (int i = 0; i < params.profile().controls().size(); i++) {
            CheckSpec check = params.profile().controls().get(i).check();
            String pointer = "/profile/controls/" + i + "/check/params";
            for (Target target : targets) {
                Optional<Violation> refused = firstRefusal(check, target, scope);
                if (refused.isPresent()) {
                    refusals.add(new Violation(pointer + refused.get().pointer(),
                            refused.get().message() + " (on target '" + target.name() + "')"));
                    break;
                }
            }
        }
        return refusals;
    }

    private static Optional<Violation> firstRefusal(CheckSpec check, Target target, TargetScope scope) {
        JobParams planned;
        try {
            planned = JobTypes.parse(check.type(), ProfilePlan.paramsFor(check, target));
        } catch (InvalidJobException e) {
            // Planning reports it; a check that cannot run connects nowhere.
            return Optional.empty();
        }
        return refusals(planned, scope).stream().findFirst();
    }
}
