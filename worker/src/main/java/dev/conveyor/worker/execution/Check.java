package dev.conveyor.worker.execution;

import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.types.JobParams;

/**
 * Checks one target and says what it found. Implementations are Spring beans, found by
 * {@link #type()}; each also runs as a job of its own type ({@link CheckExecutor}). A check never
 * throws for what its target does: an unreachable, slow or strange target is an
 * {@link dev.conveyor.common.checks.CheckOutcome#ERROR} result, so that one bad target cannot
 * spoil a run of many.
 *
 * @param <P> the check's parameters, as bound by {@link dev.conveyor.common.types.JobTypes}
 */
public interface Check<P extends JobParams> {

    /** The job type name of this check. */
    String type();

    Class<P> paramsType();

    /**
     * Runs the check within {@code context.timeout()}.
     *
     * @throws InterruptedException when the check is canceled or timed out; it must stop promptly
     */
    CheckResult run(P params, JobContext context) throws InterruptedException;
}
