package dev.conveyor.common.profiles;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Map;

/**
 * One thing to check: a host name, an address or a URL, as the checks' params use it.
 *
 * @param name what {@code ${target}} becomes; unique in an inventory
 * @param vars what {@code ${name}} becomes for this target, over its group's
 */
public record Target(String name, Map<String, String> vars) {

    public Target {
        vars = vars == null ? Map.of() : Map.copyOf(vars);
    }

    /** A target given as a plain string, without variables of its own. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Target of(String name) {
        return new Target(name, Map.of());
    }
}
