package dev.conveyor.system;

import dev.conveyor.common.topics.Topics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark suite behind {@code ./conveyor bench [scenario…] [--quick]}: starts a broker, a
 * gateway and a worker, each a process of its own through the launcher (or measures a running
 * cluster, {@code --gateway URL --bootstrap-servers HOSTS --token TOKEN}), runs the scenarios one
 * after the other, and writes their figures, a table and charts under {@code bench/results/<time>/}
 * ({@link SuiteReport}). Figures are measured, never asserted: read each beside its baseline,
 * measured in the same run on the same machine.
 */
final class BenchSuite {

    private static final Logger log = LoggerFactory.getLogger(BenchSuite.class);
    private static final Map<String, Supplier<Scenario>> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("baseline", BaselineScenario::new);
        SCENARIOS.put("throughput", ThroughputScenario::new);
        SCENARIOS.put("latency", LatencyScenario::new);
        SCENARIOS.put("io-concurrency", IoConcurrencyScenario::new);
        SCENARIOS.put("scale", ScaleScenario::new);
        SCENARIOS.put("footprint", FootprintScenario::new);
        SCENARIOS.put("secure", SecureScenario::new);
        SCENARIOS.put("profile", ProfileScenario::new);
        SCENARIOS.put("metrics-overhead", MetricsOverheadScenario::new);
    }

    private BenchSuite() {
    }

    public static void main(String[] args) throws Exception {
        run(BenchOptions.parse(args, LocalPorts.projectRoot()));
    }

    /** Runs the suite and returns the folder its results went to. */
    static Path run(BenchOptions options) throws Exception {
        long start = System.nanoTime();
        Machine machine = Machine.describe(LocalPorts.projectRoot());
        log.info("benchmark suite: {} on {}", options.scenarios(), machine.oneLine());
        List<ScenarioResult> results = new ArrayList<>();
        if (options.scenarios().stream().noneMatch(name -> SCENARIOS.get(name).get().usesSuiteCluster())) {
            // Only scenarios with clusters of their own: start nothing.
            runAll(new BenchContext(options, null, null, null, List.of(), null, null, null, null,
                    new BenchLoad(List.of()), Map.of()), results);
        } else if (options.external()) {
            try (GatewayClient gateway = new GatewayClient(URI.create(options.gateway()), options.token());
                    ResultsTracker tracker = new ResultsTracker(options.bootstrapServers(),
                            new Topics(options.prefix()).jobResults())) {
                BenchContext context = new BenchContext(options, null, null, null, List.of(),
                        options.bootstrapServers(), new Topics(options.prefix()), gateway, tracker,
                        new BenchLoad(List.of()), Map.of());
                runAll(context, results);
            }
        } else {
            try (LocalCluster cluster = new LocalCluster(Files.createTempDirectory("conveyor-bench"))) {
                // Ctrl-C must not leave the parts behind: the launcher exec'd them, they are not our children.
                Thread hook = new Thread(cluster::close);
                Runtime.getRuntime().addShutdownHook(hook);
                LocalCluster.Part kafka = cluster.startKafka();
                // The suite measures the engine, not the gateway's limit per token, which its one
                // token would reach at the higher arrival rates.
                List<LocalCluster.Part> apps = cluster.gatewayAndWorker("bench-worker", BenchContext.WORKER_SLOTS,
                        "--conveyor.gateway.rate-limit.enabled=false");
                LocalCluster.Part gatewayPart = apps.get(0);
                LocalCluster.Part worker = apps.get(1);
                Topics topics = new Topics(cluster.prefix());
                List<LocalCluster.Part> parts = List.of(kafka, gatewayPart, worker);
                try (GatewayClient gateway = new GatewayClient(URI.create("http://localhost:" + gatewayPart.port()),
                        cluster.adminToken());
                        ResultsTracker tracker = new ResultsTracker(cluster.brokers(), topics.jobResults())) {
                    BenchContext context = new BenchContext(options, cluster, gatewayPart, worker, parts,
                            cluster.brokers(), topics, gateway, tracker, new BenchLoad(parts), Map.of());
                    runAll(context, results);
                }
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return SuiteReport.write(options, machine, results, (System.nanoTime() - start) / 1e9);
    }

    private static BenchLoad.CpuTimes cpuTimes(BenchContext context) {
        try {
            return context.load().cpuTimes();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static void runAll(BenchContext context, List<ScenarioResult> results) {
        for (String name : context.options().scenarios()) {
            Scenario scenario = SCENARIOS.get(name).get();
            long start = System.nanoTime();
            ScenarioResult result;
            if (context.options().external() && scenario.needsOwnCluster()) {
                result = ScenarioResult.skipped(name, "needs workers the suite starts itself; not against --gateway");
            } else {
                context.load().awaitQuiet("before " + name);
                log.info("scenario {}", name);
                BenchLoad.CpuTimes before = cpuTimes(context);
                long ran = System.nanoTime();
                try {
                    result = scenario.run(context);
                } catch (Exception e) {
                    log.error("scenario {} failed", name, e);
                    result = ScenarioResult.skipped(name, "failed: " + e);
                }
                BenchLoad.CpuTimes after = cpuTimes(context);
                if (before != null && after != null) {
                    // A noisy neighbour shows in the figures: the cores the machine's other processes used meanwhile.
                    result.put("otherProcessesCores", after.minus(before).others().toNanos()
                            / (double) (System.nanoTime() - ran));
                }
            }
            result.put("scenarioSeconds", (System.nanoTime() - start) / 1e9);
            log.info("scenario {} done in {} s", name, Bench.round((System.nanoTime() - start) / 1e9));
            results.add(result);
            context.done().put(name, result);
        }
    }
}
