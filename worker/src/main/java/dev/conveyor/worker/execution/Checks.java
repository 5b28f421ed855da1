package dev.conveyor.worker.execution;

import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.JobParams;
import dev.conveyor.common.types.JobTypes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The checks of this worker, by type, for jobs that run many checks (profiles). */
@Component
public class Checks {

    private final Map<String, Check<?>> byType;

    public Checks(List<Check<?>> checks) {
        this.byType = checks.stream().collect(Collectors.toUnmodifiableMap(Check::type, Function.identity()));
    }

    /**
     * Runs a check of {@code type} with {@code params}; what the target does never throws, and
     * neither does a check this worker lacks or params that do not bind: those are errors too.
     */
    public CheckResult run(String type, JsonNode params, JobContext context) throws InterruptedException {
        Check<?> check = byType.get(type);
        if (check == null) {
            return CheckResult.error("this worker runs no '" + type + "' checks", null, Duration.ZERO);
        }
        JobParams bound;
        try {
            bound = JobTypes.parse(type, params);
        } catch (InvalidJobException e) {
            return CheckResult.error("invalid params: " + e.getMessage(), null, Duration.ZERO);
        }
        return run(check, bound, context);
    }

    private static <P extends JobParams> CheckResult run(Check<P> check, JobParams params, JobContext context)
            throws InterruptedException {
        return check.run(check.paramsType().cast(params), context);
    }
}
