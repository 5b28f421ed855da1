package dev.conveyor.worker.execution;

import java.util.concurrent.ExecutorService;

/**
 * Where jobs run: every job's runner, and the work of waiting job types, on virtual threads of
 * their own; the work of computing job types on a pool of platform threads, one per core, so
 * that they never starve each other of the CPU.
 *
 * @param virtual a virtual thread per task
 * @param cpu a bounded pool of platform threads
 */
record JobThreads(ExecutorService virtual, ExecutorService cpu) {

    ExecutorService forWork(JobExecutor.Workload workload) {
        return workload == JobExecutor.Workload.CPU ? cpu : virtual;
    }

    /** Interrupts whatever still runs: called once the worker has drained or given up on its jobs. */
    void close() {
        virtual.shutdownNow();
        cpu.shutdownNow();
    }
}
