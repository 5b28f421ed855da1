package dev.conveyor.system;

import java.util.Map;

/**
 * The compliance profile benchmark ({@link ProfileBenchmark}) as a scenario of the suite, run only
 * when named: it starts a broker, gateway and worker of its own, since it needs a 16-slot worker
 * and a targets server.
 */
final class ProfileScenario implements Scenario {

    @Override
    public String name() {
        return "profile";
    }

    @Override
    public boolean needsOwnCluster() {
        return true;
    }

    @Override
    public boolean usesSuiteCluster() {
        return false;
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        Map<String, Object> figures = ProfileBenchmark.measure(context.options().quick());
        ScenarioResult result = new ScenarioResult(name());
        result.figures().putAll(figures);
        if (figures.get("healthyVersusDirect") instanceof Map<?, ?> healthy) {
            result.row("healthy profile, http checks", healthy.get("checksPerSecond") + " checks/s",
                    healthy.get("directRequestsPerSecond") + " direct GETs/s", healthy.get("ratio") + "×", "");
        }
        if (figures.get("hangingVersusBound") instanceof Map<?, ?> hanging) {
            result.row("one target in ten hanging", hanging.get("measuredSeconds") + " s",
                    hanging.get("boundSeconds") + " s bound", hanging.get("measuredToBound") + "× bound",
                    "<= bound");
        }
        return result;
    }
}
