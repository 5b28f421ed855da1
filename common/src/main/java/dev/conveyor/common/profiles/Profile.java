package dev.conveyor.common.profiles;

import dev.conveyor.common.types.JobTypes;
import dev.conveyor.common.types.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named set of controls, run together over an inventory of targets.
 *
 * @param id letters, digits, {@code .}, {@code _} and {@code -}
 * @param version set by the gateway when it stores the profile; 1, 2, …
 * @param title what the profile is about, for people
 * @param description more of it, optional
 * @param controls at least one, with unique ids
 */
public record Profile(String id, Long version, String title, String description, List<Control> controls) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /**
     * What a control may run: checks of one target, not jobs of many. Not {@code command}: a
     * command runs only from a template an admin wrote, and a profile's controls come with the job
     * of whoever submits it.
     */
    public static final Set<String> CHECK_TYPES = Set.of("http", "tcp", "tls", "dns");
    /**
     * The most controls one profile holds. Each control is planned (its params filled and bound)
     * on every target, so this bounds what one request can make a gateway or a worker do.
     */
    public static final int MAX_CONTROLS = 1_000;

    public Profile {
        controls = controls == null ? List.of() : List.copyOf(controls);
    }

    /** What is wrong with this profile's shape, as pointers into it; empty when nothing is. */
    public List<Violation> problems() {
        List<Violation> problems = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(new Violation("/id", "is required: 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        if (controls.isEmpty()) {
            problems.add(new Violation("/controls", "must hold at least one control"));
        } else if (controls.size() > MAX_CONTROLS) {
            // Refused before any control is looked at: the rest of the report would be as large as the request.
            problems.add(new Violation("/controls", "holds " + controls.size() + " controls; at most " + MAX_CONTROLS
                    + " per profile: split the profile"));
            return problems;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < controls.size(); i++) {
            Control control = controls.get(i);
            String at = "/controls/" + i;
            if (control == null) {
                problems.add(new Violation(at, "must be a control"));
                continue;
            }
            if (control.id() == null || !ID.matcher(control.id()).matches()) {
                problems.add(new Violation(at + "/id", "is required: 1 to 64 letters, digits, '.', '_' or '-'"));
            } else if (!seen.add(control.id())) {
                problems.add(new Violation(at + "/id", "'" + control.id() + "' is the id of an earlier control"));
            }
            CheckSpec check = control.check();
            if (check == null) {
                problems.add(new Violation(at + "/check", "is required: {type, params}"));
            } else if ("command".equals(check.type())) {
                problems.add(new Violation(at + "/check/type", "'command' cannot be a control: command jobs run only"
                        + " from a template an admin wrote; check types a control may use: " + checkTypes()));
            } else if (check.type() == null || !CHECK_TYPES.contains(check.type()) || !JobTypes.isKnown(check.type())) {
                problems.add(new Violation(at + "/check/type", "'" + check.type() + "' is not a check type; known: "
                        + checkTypes()));
            } else if (check.timeout() != null && (check.timeout().isNegative() || check.timeout().isZero())) {
                problems.add(new Violation(at + "/check/timeout", "must be positive"));
            }
        }
        return problems;
    }

    private static List<String> checkTypes() {
        return JobTypes.names().stream().filter(CHECK_TYPES::contains).toList();
    }

    /** This profile as version {@code version}. */
    public Profile withVersion(long version) {
        return new Profile(id, version, title, description, controls);
    }
}
