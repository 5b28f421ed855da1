package dev.conveyor.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The memory of the suite's gateway and worker: RSS ({@code VmRSS} of {@code /proc/<pid>/status})
 * and heap in use (each app's actuator, {@code jvm.memory.used} of area heap), sampled once a
 * second while idle, then while {@code --footprint-jobs} {@code noop} jobs go through the batch
 * API as in the throughput scenario; the largest sample of each.
 */
final class FootprintScenario implements Scenario {

    private static final int IDLE_SAMPLES = 3;

    @Override
    public String name() {
        return "footprint";
    }

    @Override
    public boolean needsOwnCluster() {
        return true;
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        Map<String, LocalCluster.Part> apps = new LinkedHashMap<>();
        apps.put("gateway", context.gatewayPart());
        apps.put("worker", context.workerPart());
        Map<String, List<Sample>> idle = new LinkedHashMap<>();
        Map<String, List<Sample>> loaded = new LinkedHashMap<>();
        apps.keySet().forEach(app -> {
            idle.put(app, new ArrayList<>());
            loaded.put(app, new ArrayList<>());
        });
        for (int i = 0; i < IDLE_SAMPLES; i++) {
            long next = System.nanoTime() + 1_000_000_000L;
            sample(context, apps, idle);
            java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
        ThroughputScenario.Pass pass;
        try (ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor()) {
            sampler.scheduleAtFixedRate(() -> sample(context, apps, loaded), 0, 1, TimeUnit.SECONDS);
            pass = CompletableFuture.supplyAsync(() -> {
                try {
                    return ThroughputScenario.throughApi(context, context.options().footprintJobs());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, TimeUnit.MINUTES);
            sampler.shutdown();
        }
        ScenarioResult result = new ScenarioResult(name()).put("load", pass.figures());
        for (String app : apps.keySet()) {
            Sample quiet = Sample.max(idle.get(app));
            Sample busy = Sample.max(loaded.get(app));
            result.put(app, Map.of("idle", quiet.mib(), "loaded", busy.mib(), "idleSamples", idle.get(app).size(),
                    "loadedSamples", loaded.get(app).size()));
            String under = "under " + Bench.count(pass.jobs()) + " noop jobs via batch API";
            result.row(app + " RSS", Bench.count(busy.rssKib() / 1024.0) + " MiB " + under,
                    Bench.count(quiet.rssKib() / 1024.0) + " MiB idle",
                    "+" + Bench.count((busy.rssKib() - quiet.rssKib()) / 1024.0) + " MiB", "");
            result.row(app + " heap used", Bench.count(busy.heapBytes() / 1048576.0) + " MiB " + under,
                    Bench.count(quiet.heapBytes() / 1048576.0) + " MiB idle",
                    "+" + Bench.count((busy.heapBytes() - quiet.heapBytes()) / 1048576.0) + " MiB", "");
        }
        return result;
    }

    private static void sample(BenchContext context, Map<String, LocalCluster.Part> apps, Map<String, List<Sample>> into) {
        apps.forEach((app, part) -> {
            try {
                String token = app.equals("gateway") ? context.gateway().token() : null;
                Sample sample = new Sample(rssKib(part.process().pid()), context.gateway().heapBytes(part.port(), token));
                synchronized (into) {
                    into.get(app).add(sample);
                }
            } catch (IOException | RuntimeException e) {
                // a sample missed under load is a sample fewer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** One sample of an app: its RSS in KiB and its heap in use in bytes. */
    private record Sample(long rssKib, double heapBytes) {

        static Sample max(List<Sample> samples) {
            return new Sample(samples.stream().mapToLong(Sample::rssKib).max().orElse(0),
                    samples.stream().mapToDouble(Sample::heapBytes).max().orElse(0));
        }

        Map<String, Object> mib() {
            return Map.of("rssMiB", rssKib / 1024, "heapMiB", Bench.round(heapBytes / 1048576.0));
        }
    }
}
