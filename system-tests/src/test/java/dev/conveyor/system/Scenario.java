package dev.conveyor.system;

/** One measurement of the benchmark suite: it runs against the suite's cluster and returns its figures. */
interface Scenario {

    String name();

    /** Whether it needs parts the suite starts itself (its own workers, their processes), not a running cluster. */
    default boolean needsOwnCluster() {
        return false;
    }

    /** Whether it runs on the suite's cluster; one that starts a cluster of its own needs none from the suite. */
    default boolean usesSuiteCluster() {
        return true;
    }

    ScenarioResult run(BenchContext context) throws Exception;
}
