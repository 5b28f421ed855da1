package dev.conveyor.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./conveyor bench} was asked to run: the scenarios and their parameters, each with a
 * full and a {@code --quick} default.
 *
 * @param scenarios the scenarios, in the order they run
 * @param quick smaller batches and shorter rounds, to check in under 2 minutes that the suite works
 * @param gateway the URL of a running gateway to measure, or {@code null} to start a cluster
 * @param bootstrapServers the running cluster's Kafka, with {@code gateway}
 * @param token the running gateway's admin token, with {@code gateway}
 * @param prefix the running cluster's topic prefix, with {@code gateway}
 * @param jobs the jobs of the throughput scenario, and the records of the baseline
 * @param rates the arrival rates of the latency scenario straight to the jobs topic, jobs/s
 * @param apiRates the arrival rates of the latency scenario through the gateway's REST API, jobs/s
 * @param rateDuration how long each arrival rate is held
 * @param sequential how many jobs the sequential latency round submits, one after the other
 * @param ioJobs the {@code sleep} jobs of the io-concurrency scenario
 * @param workers the worker counts of the scale scenario
 * @param scaleSeconds how many seconds of ideal work each scale level is given
 * @param footprintJobs the jobs submitted while the footprint scenario samples
 * @param recordBytes pad each job record to this size (0: a {@code noop} job's own size)
 * @param resultsRoot where the timestamped results folders go
 */
record BenchOptions(List<String> scenarios, boolean quick, String gateway, String bootstrapServers, String token,
        String prefix, int jobs, List<Integer> rates, List<Integer> apiRates, Duration rateDuration, int sequential,
        int ioJobs, List<Integer> workers, int scaleSeconds, int footprintJobs, int recordBytes, Path resultsRoot) {

    /** The suite's own scenarios, run when none is named, in this order. */
    static final List<String> DEFAULT_SCENARIOS = List.of("baseline", "throughput", "latency", "io-concurrency",
            "scale", "footprint");
    /** Scenarios run only when named. */
    static final List<String> EXTRA_SCENARIOS = List.of("secure", "profile", "metrics-overhead");

    boolean external() {
        return gateway != null;
    }

    static BenchOptions parse(String[] args, Path projectRoot) {
        List<String> scenarios = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--") && arg.contains("=")) {
                values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                values.put(arg.substring(2), args[++i]);
            } else if (DEFAULT_SCENARIOS.contains(arg) || EXTRA_SCENARIOS.contains(arg)) {
                scenarios.add(arg);
            } else {
                throw new IllegalArgumentException("unknown scenario or option '" + arg + "'; scenarios: "
                        + DEFAULT_SCENARIOS + " " + EXTRA_SCENARIOS);
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(DEFAULT_SCENARIOS);
        }
        // Throughput is a ratio to the baseline, measured in the same run.
        if (scenarios.contains("throughput") && !scenarios.contains("baseline")) {
            scenarios.addFirst("baseline");
        }
        boolean q = quick;
        String gateway = values.remove("gateway");
        String token = values.remove("token");
        if (gateway != null && token == null) {
            token = System.getenv("CONVEYOR_ADMIN_TOKEN");
        }
        BenchOptions options = new BenchOptions(List.copyOf(scenarios), quick, gateway,
                values.remove("bootstrap-servers"), token, values.getOrDefault("prefix", "conveyor"),
                integer(values, "jobs", q ? 5_000 : 100_000),
                integers(values, "rates", q ? "100,1000" : "100,1000,5000"),
                integers(values, "api-rates", q ? "100" : "100,1000"),
                Duration.ofSeconds(integer(values, "rate-seconds", q ? 2 : 30)),
                integer(values, "sequential", q ? 50 : 500),
                integer(values, "io-jobs", q ? 2_000 : 10_000),
                integers(values, "workers", q ? "1,2" : "1,2,4"),
                integer(values, "scale-seconds", q ? 2 : 10),
                integer(values, "footprint-jobs", q ? 3_000 : 20_000),
                integer(values, "record-bytes", 0),
                Path.of(values.getOrDefault("results-dir", projectRoot.resolve("bench/results").toString())));
        values.keySet().removeAll(List.of("prefix", "jobs", "rates", "api-rates", "rate-seconds", "sequential",
                "io-jobs", "workers", "scale-seconds", "footprint-jobs", "record-bytes", "results-dir"));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + values.keySet());
        }
        if (gateway != null && (options.bootstrapServers() == null || token == null)) {
            throw new IllegalArgumentException("--gateway needs --bootstrap-servers and --token (or CONVEYOR_ADMIN_TOKEN)");
        }
        return options;
    }

    private static int integer(Map<String, String> values, String key, int otherwise) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key).replace("_", "")) : otherwise;
    }

    private static List<Integer> integers(Map<String, String> values, String key, String otherwise) {
        return Arrays.stream(values.getOrDefault(key, otherwise).split(",")).map(String::strip).map(Integer::valueOf)
                .toList();
    }
}
