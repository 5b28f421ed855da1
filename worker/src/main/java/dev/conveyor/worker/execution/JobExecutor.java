package dev.conveyor.worker.execution;

import dev.conveyor.common.types.JobParams;
import tools.jackson.databind.JsonNode;

/**
 * Runs the jobs of one type. Implementations are Spring beans, found by {@link #type()}; they run
 * on virtual threads and must stop promptly when interrupted.
 *
 * @param <P> the type's parameters, as bound by {@link dev.conveyor.common.types.JobTypes}
 */
public interface JobExecutor<P extends JobParams> {

    /** The job type name this executor runs. */
    String type();

    Class<P> paramsType();

    /** Whether this type waits (runs on its own virtual thread) or computes (on a pool of one thread per core). */
    default Workload workload() {
        return Workload.IO;
    }

    /**
     * Runs one attempt.
     *
     * @return the job's result, or {@code null} when it has none
     * @throws JobFailedException when the job ran and did not pass
     * @throws Exception for any other failure, which fails the job with the exception's message
     */
    JsonNode execute(P params, JobContext context) throws Exception;

    /** What a job type's time goes to, which decides where it runs. */
    enum Workload {
        /** Mostly waiting on the network or a timer: thousands may run at once. */
        IO,
        /** Mostly computing: at most one per configured CPU thread runs at a time, the rest queue. */
        CPU
    }
}
