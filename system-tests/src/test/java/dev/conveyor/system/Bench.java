package dev.conveyor.system;

import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.RetryPolicy;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.types.JobTypes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** The benchmark suite's small shared helpers: the jobs it writes, percentiles and number formats. */
final class Bench {

    private static final JsonNode NOOP_PARAMS = params("noop", null);
    private static final Map<Integer, String> PADS = new ConcurrentHashMap<>();

    private Bench() {
    }

    /** A {@code noop} job as the gateway makes it, its JSON padded to {@code recordBytes} by a label if larger. */
    static JobRequest noop(int recordBytes) {
        String pad = PADS.computeIfAbsent(recordBytes, bytes -> {
            int size = JsonSerde.write(job("noop", NOOP_PARAMS, Map.of())).length;
            // {"pad":"…"} in the labels: 10 bytes of JSON around the value.
            return bytes <= size ? "" : "x".repeat(Math.max(0, bytes - size - 10));
        });
        return job("noop", NOOP_PARAMS, pad.isEmpty() ? Map.of() : Map.of("pad", pad));
    }

    /** A {@code sleep} job of {@code duration}. */
    static JobRequest sleep(Duration duration) {
        return job("sleep", params("sleep", "{\"duration\":\"" + duration + "\"}"), Map.of());
    }

    /** The body of a REST submit of a {@code noop} job, with the same padding label as {@link #noop}. */
    static String noopBody(int recordBytes) {
        String pad = noop(recordBytes).labels().get("pad");
        return pad == null ? "{\"type\":\"noop\"}" : "{\"type\":\"noop\",\"labels\":{\"pad\":\"" + pad + "\"}}";
    }

    private static JsonNode params(String type, String json) {
        return ConveyorJson.mapper().valueToTree(JobTypes.parse(type,
                json == null ? null : ConveyorJson.mapper().readTree(json)));
    }

    private static JobRequest job(String type, JsonNode params, Map<String, String> labels) {
        return new JobRequest(UUID.randomUUID().toString(), type, params, "default", null, 1, labels, "admin",
                Instant.now().truncatedTo(ChronoUnit.MICROS), RetryPolicy.NONE, null, JobOrigin.DIRECT);
    }

    /** p50, p95, p99 and max of latencies in nanoseconds, in milliseconds (nearest rank). */
    static Map<String, Double> percentilesMs(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        Map<String, Double> ms = new LinkedHashMap<>();
        for (var p : Map.of("p50", 50.0, "p95", 95.0, "p99", 99.0, "max", 100.0).entrySet().stream()
                .sorted(Map.Entry.comparingByValue()).toList()) {
            int rank = (int) Math.ceil(p.getValue() / 100 * sorted.length);
            ms.put(p.getKey(), sorted.length == 0 ? Double.NaN : round(sorted[Math.max(0, rank - 1)] / 1e6));
        }
        return ms;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** {@code 12,345} */
    static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** {@code 12.35} */
    static String decimal(double value) {
        return String.format(Locale.ROOT, "%,.2f", value);
    }

    /** {@code 12.3 %} */
    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }
}
