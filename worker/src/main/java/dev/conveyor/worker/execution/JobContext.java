package dev.conveyor.worker.execution;

import java.time.Duration;

/**
 * What an executor may know about the job it runs besides its parameters.
 *
 * @param jobId the job's id
 * @param attempt the attempt being run, from 1
 * @param timeout how long this attempt may run; the executor is interrupted when it is over
 */
public record JobContext(String jobId, int attempt, Duration timeout) {
}
