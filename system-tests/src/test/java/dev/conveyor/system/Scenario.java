package dev.conveyor.system;

/** One measurement of the benchmark suite: it runs against the suite's cluster and returns its figures. */
interface Scenario {

    String name();

    /** Whether it needs parts the suite starts itself (its own workers, their processes), not a running cluster. */
    default boolean needsOwnCluster() {
        return false;
    }

    ScenarioResult run(BenchContext context) throws Exception;
}
