package dev.conveyor.gateway.profiles;

import dev.conveyor.common.profiles.Inventory;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Map;

/**
 * Runs a stored profile over an inventory.
 *
 * @param inventory the targets: {@code targets} and {@code groups} with their variables
 * @param concurrency how many checks of the job run at once (default 16)
 * @param checkTimeout how long one check may take on one target (default 10 s)
 * @param queue the queue of the job (the gateway's default queue when absent)
 * @param timeout how long the whole job may run (the worker's default when absent)
 * @param labels labels of the job, besides {@code profile=<id>}
 */
record ProfileRunRequest(
        @NotNull Inventory inventory,
        Integer concurrency,
        Duration checkTimeout,
        @Size(min = 1, max = 200) String queue,
        Duration timeout,
        @Size(max = 31) Map<@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]{0,62}") String, @NotNull @Size(max = 256) String> labels) {
}
