package dev.conveyor.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the benchmarks know of the machine's load: when the parts they started (broker, gateway,
 * worker) are quiet again, and how much of the cores other processes took while a round ran,
 * since the machine is shared.
 */
final class BenchLoad {

    private static final Logger log = LoggerFactory.getLogger(BenchLoad.class);
    /** The parts count as quiet below a fifth of a core, measured over a second. */
    private static final double QUIET_CORES = 0.2;

    private final List<LocalCluster.Part> parts;
    private final Map<String, Double> quietWaits = new LinkedHashMap<>();

    BenchLoad(List<LocalCluster.Part> parts) {
        this.parts = parts;
    }

    /**
     * Waits until the parts together use less than {@link #QUIET_CORES} over a second: what the last
     * round set off is done. Records how long that took; after 3 minutes, goes on and says so.
     */
    void awaitQuiet(String after) {
        long start = System.nanoTime();
        Duration[] last = {cpuTime()};
        try {
            Awaitility.await("quiet after " + after).pollDelay(Duration.ofSeconds(1)).pollInterval(Duration.ofSeconds(1))
                    .atMost(Duration.ofMinutes(3)).until(() -> {
                        Duration now = cpuTime();
                        boolean quiet = now.minus(last[0]).toMillis() < QUIET_CORES * 1000;
                        last[0] = now;
                        return quiet;
                    });
        } catch (ConditionTimeoutException e) {
            log.warn("the parts were still busy 3 minutes after {}; going on", after);
        }
        double waited = Math.round((System.nanoTime() - start) / 1e7) / 100.0;
        quietWaits.put(after, waited);
        log.info("quiet after {} ({} s)", after, waited);
    }

    /** How long each wait for quiet took, in seconds, by what it followed. */
    Map<String, Double> quietWaits() {
        return quietWaits;
    }

    /** The CPU time the parts have used so far. */
    private Duration cpuTime() {
        return parts.stream().map(part -> part.process().toHandle().info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * The CPU time used so far by the whole machine (the busy time of {@code /proc/stat}, counted
     * in ticks of 10 ms, Linux's {@code USER_HZ}) and by the benchmark (its parts and this JVM).
     */
    CpuTimes cpuTimes() throws IOException {
        String[] ticks = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long busy = 0;
        for (int field : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
            busy += Long.parseLong(ticks[field]);
        }
        Duration ours = cpuTime().plus(ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        return new CpuTimes(Duration.ofMillis(busy * 10), ours);
    }

    /** CPU time used by the machine and by the benchmark, so far or over a span. */
    record CpuTimes(Duration machine, Duration ours) {

        CpuTimes minus(CpuTimes earlier) {
            return new CpuTimes(machine.minus(earlier.machine), ours.minus(earlier.ours));
        }

        /** What other processes used; never below zero, which tick rounding could give. */
        Duration others() {
            Duration others = machine.minus(ours);
            return others.isNegative() ? Duration.ZERO : others;
        }
    }
}
