package dev.conveyor.worker.jobtypes;

import dev.conveyor.common.types.CommandParams;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What {@code command} jobs may do on this worker. Nothing, until an admin says: a command job
 * runs an executable with the worker's rights.
 *
 * @param allowed the absolute paths of the executables this worker may run (default none: no
 *     command runs). Symbolic links and {@code ..} are resolved on both sides before a job's
 *     executable is compared, so a job names an allowed file by any of its paths or none at all
 * @param envAllowed the names of the environment variables a command may set (default none); a
 *     command never inherits the worker's environment, only {@code PATH=/usr/bin:/bin}
 */
@ConfigurationProperties("conveyor.worker.commands")
public record CommandProperties(@DefaultValue List<String> allowed, @DefaultValue List<String> envAllowed) {

    public CommandProperties {
        allowed = List.copyOf(allowed);
        envAllowed = List.copyOf(envAllowed);
        for (String path : allowed) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException(
                        "conveyor.worker.commands.allowed must list absolute paths; '" + path + "' is not one");
            }
        }
        for (String name : envAllowed) {
            if (!CommandParams.isEnvironmentName(name)) {
                throw new IllegalArgumentException("conveyor.worker.commands.env-allowed must list environment"
                        + " variable names; '" + name + "' is not one");
            }
        }
    }
}
