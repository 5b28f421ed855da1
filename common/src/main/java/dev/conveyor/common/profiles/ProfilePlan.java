package dev.conveyor.common.profiles;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.templates.TemplateParams;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.common.types.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a profile runs on a target: each control's check params with {@code ${target}} and the
 * target's variables filled in. The gateway plans every check before it queues a profile job,
 * so a check that could not run on some target is refused up front; the worker plans the same
 * way when it runs them.
 */
public final class ProfilePlan {

    /** The placeholder every target fills with its name. */
    public static final String TARGET = "target";

    private ProfilePlan() {
    }

    /** The params of {@code check} for {@code target}. */
    public static JsonNode paramsFor(CheckSpec check, Target target) {
        return TemplateParams.filled(check.params(), values(target));
    }

    /**
     * Every control planned on every target, checked as its check type checks its params. A
     * control that cannot run on a target is reported once, for the first such target.
     *
     * @param at where the profile is in the job's params, e.g. {@code /profile}
     */
    public static List<Violation> problems(Profile profile, List<Target> targets, String at) {
        List<Violation> problems = new ArrayList<>();
        for (int i = 0; i < profile.controls().size(); i++) {
            CheckSpec check = profile.controls().get(i).check();
            String pointer = at + "/controls/" + i + "/check/params";
            for (Target target : targets) {
                List<Violation> found = problemsOn(check, target, pointer);
                if (!found.isEmpty()) {
                    problems.addAll(found);
                    break;
                }
            }
        }
        return problems;
    }

    private static List<Violation> problemsOn(CheckSpec check, Target target, String pointer) {
        String on = " (on target '" + target.name() + "')";
        Set<String> known = new HashSet<>(values(target).propertyNames());
        List<Violation> problems = new ArrayList<>();
        for (String name : TemplateParams.placeholders(check.params())) {
            if (!known.contains(name)) {
                problems.add(new Violation(pointer, "${" + name + "} is neither ${target} nor a variable of the target"
                        + on));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        try {
            JobTypes.parse(check.type(), paramsFor(check, target));
        } catch (InvalidJobException e) {
            // JobTypes points into a job's body (/params/...); here the params are the check's.
            e.violations().forEach(v -> problems.add(new Violation(
                    pointer + v.pointer().replaceFirst("^/params", ""), v.message() + on)));
        }
        return problems;
    }

    private static ObjectNode values(Target target) {
        ObjectNode values = ConveyorJson.mapper().createObjectNode();
        target.vars().forEach(values::put);
        values.put(TARGET, target.name());
        return values;
    }
}
