package dev.conveyor.worker.jobtypes;

import dev.conveyor.common.types.CommandParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether this worker runs a command, from {@link CommandProperties}: which file it
 * would run, and with what environment.
 */
final class CommandPolicy {

    /** Where a command finds the programs it runs itself; the only variable it gets unasked. */
    static final String PATH = "/usr/bin:/bin";

    private final List<String> allowed;
    private final Set<String> envAllowed;

    CommandPolicy(CommandProperties properties) {
        this.allowed = properties.allowed();
        this.envAllowed = Set.copyOf(properties.envAllowed());
    }

    /** Whether {@code params} may run here, and if so, how. */
    Permit permit(CommandParams params) {
        Optional<Path> executable = realPath(params.executable());
        if (executable.isEmpty()) {
            return new Permit.Refused("not allowed on this worker: " + params.executable()
                    + " (no such file, or it cannot be read)");
        }
        // Paths are compared as the files they lead to, read anew each time: a link that moved
        // since the worker started leads where it leads now, on both sides.
        boolean listed = allowed.stream().map(CommandPolicy::realPath).flatMap(Optional::stream)
                .anyMatch(executable.get()::equals);
        if (!listed) {
            return new Permit.Refused("not allowed on this worker: " + params.executable()
                    + (params.executable().equals(executable.get().toString()) ? "" : " (" + executable.get() + ")")
                    + "; conveyor.worker.commands.allowed lists what may run");
        }
        Set<String> refused = new TreeSet<>(params.env().keySet());
        refused.removeAll(envAllowed);
        if (!refused.isEmpty()) {
            return new Permit.Refused("environment variables not allowed on this worker: " + refused
                    + "; conveyor.worker.commands.env-allowed lists those a command may set");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", PATH);
        environment.putAll(params.env());
        return new Permit.Granted(executable.get(), environment);
    }

    /** The file {@code path} leads to, without links or {@code ..}; empty when there is none. */
    private static Optional<Path> realPath(String path) {
        try {
            Path real = Path.of(path).toRealPath();
            return Files.isRegularFile(real) ? Optional.of(real) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether a command may run. */
    sealed interface Permit {

        /**
         * It may.
         *
         * @param executable the file to run: what was compared with the allowed list, links resolved
         * @param environment its whole environment
         */
        record Granted(Path executable, Map<String, String> environment) implements Permit {
        }

        /**
         * It may not.
         *
         * @param why for people, naming what is not allowed
         */
        record Refused(String why) implements Permit {
        }
    }
}
