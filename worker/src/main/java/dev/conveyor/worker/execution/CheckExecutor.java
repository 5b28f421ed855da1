package dev.conveyor.worker.execution;

import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.JobParams;
import dev.conveyor.worker.targets.TargetRefusedException;
import tools.jackson.databind.JsonNode;

/**
 * Runs a check as a job of its own: passed (or skipped) succeeds with the check's result; failed
 * fails the job ({@code check-failed}, not worth another attempt); error fails it
 * ({@code check-error}, worth another attempt, since the target may come back). A target outside
 * the queue's scope fails it {@code target-refused}, which no policy retries.
 */
final class CheckExecutor<P extends JobParams> implements JobExecutor<P> {

    private final Check<P> check;

    CheckExecutor(Check<P> check) {
        this.check = check;
    }

    @Override
    public String type() {
        return check.type();
    }

    @Override
    public Class<P> paramsType() {
        return check.paramsType();
    }

    @Override
    public JsonNode execute(P params, JobContext context) throws InterruptedException, JobFailedException {
        CheckResult result;
        try {
            result = check.run(params, context);
        } catch (TargetRefusedException e) {
            throw new JobFailedException(TargetRefusedException.KIND, e.getMessage(), false);
        }
        return switch (result.outcome()) {
            case PASSED, SKIPPED -> ConveyorJson.mapper().valueToTree(result);
            case FAILED -> throw new JobFailedException("check-failed", result.message(), false);
            case ERROR -> throw new JobFailedException("check-error", result.message(), true);
        };
    }
}
