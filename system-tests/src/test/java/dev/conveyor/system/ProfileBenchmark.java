package dev.conveyor.system;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.profiles.CheckRecord;
import dev.conveyor.common.profiles.Counts;
import dev.conveyor.common.profiles.ProfileReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Measures a {@code profile} job of {@code http} checks on a real broker, with one gateway and one
 * worker, every part a process of its own, and prints the figures beside baselines measured in the
 * same run (written as JSON too, under {@code bench/results/}). The targets are one HTTP server in
 * this JVM ({@link LocalTargets}). Two scenarios, after a warm-up run: every target answers, beside
 * the same GETs sent straight from this JVM at the same concurrency; then one target in ten hangs,
 * beside the time the run should stay under (the healthy run's plus one check timeout per
 * {@code concurrency} hanging checks) and the time it would take if each hanging check cost its
 * timeout one after the other. Every run starts once the parts are quiet again. Run with
 * {@code ./conveyor bench profile [--quick]} ({@link ProfileScenario}).
 */
final class ProfileBenchmark {

    private static final Logger log = LoggerFactory.getLogger(ProfileBenchmark.class);
    /** How many checks of one profile job run at once, and how many requests the direct client sends at once. */
    private static final int CONCURRENCY = 64;
    /** The profile job's {@code checkTimeout}, in every run; also the direct client's request timeout. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    /** Far above what a run takes, so that the worker's default job timeout (5 minutes) ends none. */
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);
    /** The worker's slots; a profile job takes one, whatever its concurrency. */
    private static final int WORKER_SLOTS = 16;
    /** In the hanging run, one target in this many hangs: {@code t000}, {@code t010}, … */
    private static final int HANGING_EVERY = 10;

    private final Api api;
    private final LocalTargets targets;
    private final HttpClient direct;
    private final boolean quick;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final BenchLoad load;

    private ProfileBenchmark(List<LocalCluster.Part> parts, Api api, LocalTargets targets, HttpClient direct,
            boolean quick) {
        this.load = new BenchLoad(parts);
        this.api = api;
        this.targets = targets;
        this.direct = direct;
        this.quick = quick;
    }

    /**
     * Runs both profile runs and their baselines on a broker, gateway and worker of their own and
     * returns the figures.
     */
    static Map<String, Object> measure(boolean quick) throws Exception {
        Path dir = Files.createTempDirectory("conveyor-bench-profile");
        // The worker's http check sends its GETs with a client built like this one.
        try (LocalTargets targets = LocalTargets.start();
                LocalCluster cluster = new LocalCluster(dir);
                HttpClient direct = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER).build()) {
            // Ctrl-C must not leave the broker, gateway and worker behind (they were started with exec, not
            // as our children), nor the targets' held requests.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                cluster.close();
                targets.close();
            }));
            LocalCluster.Part kafka = cluster.startKafka();
            LocalCluster.Part gateway = cluster.gateway();
            LocalCluster.Part worker = cluster.worker("bench-profile", WORKER_SLOTS);
            ProfileBenchmark bench = new ProfileBenchmark(List.of(kafka, gateway, worker), cluster.api(gateway),
                    targets, direct, quick);
            bench.run();
            bench.figures.put("quietWaitSeconds", bench.load.quietWaits());
            return bench.figures;
        }
    }

    private void run() throws Exception {
        int controls = quick ? 20 : 50;
        int targetCount = quick ? 50 : 200;
        load.awaitQuiet("start");
        ProfileRun warmUp = runProfile("warm-up", quick ? 10 : 20, quick ? 20 : 100, 0);
        load.awaitQuiet("warm-up run");
        DirectRound directWarmUp = directRound(urls(quick ? 10 : 20, quick ? 20 : 100));
        log.info("direct warm-up: {} requests, {} answered 200", directWarmUp.requests(), directWarmUp.answered200());
        load.awaitQuiet("direct warm-up");

        ProfileRun healthy = runProfile("healthy", controls, targetCount, 0);
        load.awaitQuiet("healthy run");
        DirectRound straight = directRound(urls(controls, targetCount));
        load.awaitQuiet("direct requests");
        ProfileRun hanging = runProfile("hanging", controls, targetCount, targetCount / HANGING_EVERY);

        figures.put("settings", Map.of("concurrency", CONCURRENCY, "checkTimeout", CHECK_TIMEOUT.toString(),
                "jobTimeout", JOB_TIMEOUT.toString(), "workerSlots", WORKER_SLOTS,
                "hangingTargets", "one in " + HANGING_EVERY + " (t000, t010, ...)"));
        figures.put("warmUp", warmUp.figures());
        figures.put("healthy", healthy.figures());
        figures.put("directRequests", straight.figures());
        figures.put("hanging", hanging.figures());
        compareWithDirect(healthy, straight);
        compareWithBound(healthy, hanging);
    }

    /** The healthy run's checks/s beside the same GETs sent straight, and the time each took a slot. */
    private void compareWithDirect(ProfileRun healthy, DirectRound straight) {
        log.info("direct GETs from this JVM: {} requests at concurrency {} in {} s: {} requests/s, {} answered 200 "
                        + "(others {} {}), latency p50 {} ms, p99 {} ms, max {} ms; other processes used {} cores meanwhile",
                straight.requests(), CONCURRENCY, round(straight.seconds()), round(straight.perSecond()),
                straight.answered200(), straight.notOk(),
                straight.firstProblem() == null ? "" : straight.firstProblem(), straight.percentileMs(50), straight.percentileMs(99),
                straight.percentileMs(100), round(straight.otherCores()));
        if (healthy.seconds() == null) {
            return;
        }
        double ratio = healthy.checksPerSecond() / straight.perSecond();
        double checkSlotMs = CONCURRENCY * healthy.seconds() * 1000 / healthy.checks();
        double requestSlotMs = CONCURRENCY * straight.seconds() * 1000 / straight.requests();
        figures.put("healthyVersusDirect", Map.of("checksPerSecond", round(healthy.checksPerSecond()),
                "directRequestsPerSecond", round(straight.perSecond()), "ratio", round(ratio),
                "slotMsPerCheck", round(checkSlotMs), "slotMsPerDirectRequest", round(requestSlotMs),
                "overheadMsPerCheck", round(checkSlotMs - requestSlotMs)));
        log.info("healthy run against direct GETs: {} checks/s against {} requests/s ({}x); a check held one of the "
                        + "{} slots {} ms on average, a direct request {} ms: {} ms more per check",
                round(healthy.checksPerSecond()), round(straight.perSecond()), round(ratio), CONCURRENCY,
                round(checkSlotMs), round(requestSlotMs), round(checkSlotMs - requestSlotMs));
    }

    /**
     * The hanging run beside its bound: the healthy run's time plus one check timeout for every
     * {@code concurrency} hanging checks (they hold the slots that long, and no longer), and beside
     * the time it would take if the hanging checks' timeouts added up.
     */
    private void compareWithBound(ProfileRun healthy, ProfileRun hanging) {
        int hangingChecks = hanging.hangingTargets() * hanging.controls();
        double timeout = CHECK_TIMEOUT.toMillis() / 1000.0;
        double naive = hangingChecks * timeout;
        if (healthy.seconds() == null || hanging.seconds() == null) {
            log.warn("no bound to compare with: the healthy run or the hanging run did not finish");
            return;
        }
        double bound = healthy.seconds() + Math.ceil(hangingChecks / (double) CONCURRENCY) * timeout;
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("hangingChecks", hangingChecks);
        figure.put("expectedErrors", hangingChecks);
        figure.put("reportedErrors", hanging.counts() == null ? null : hanging.counts().error());
        figure.put("measuredSeconds", round(hanging.seconds()));
        figure.put("healthySeconds", round(healthy.seconds()));
        figure.put("boundSeconds", round(bound));
        figure.put("measuredToBound", round(hanging.seconds() / bound));
        figure.put("multipliedSeconds", round(naive));
        figure.put("multipliedToMeasured", round(naive / hanging.seconds()));
        figures.put("hangingVersusBound", figure);
        log.info("hanging run: {} s with {} hanging checks ({} reported error, {} expected); bound: healthy {} s + "
                        + "ceil({} / {}) x {} s = {} s, measured {}x the bound; multiplied: {} x {} s = {} s, {}x the "
                        + "measured time", round(hanging.seconds()), hangingChecks, figure.get("reportedErrors"),
                hangingChecks, round(healthy.seconds()), hangingChecks, CONCURRENCY, timeout, round(bound),
                round(hanging.seconds() / bound), hangingChecks, timeout, round(naive),
                round(naive / hanging.seconds()));
    }

    /**
     * Submits one profile job of {@code controls} http controls over {@code targetCount} targets,
     * {@code hangingTargets} of them hanging ({@code t000}, {@code t010}, …), and waits until it ends.
     */
    private ProfileRun runProfile(String name, int controls, int targetCount, int hangingTargets) throws Exception {
        List<String> names = targetNames(targetCount);
        Set<String> hangs = IntStream.range(0, hangingTargets).mapToObj(i -> names.get(i * HANGING_EVERY))
                .collect(Collectors.toSet());
        targets.hang(hangs);
        String job = profileJob(name, controls, names);
        long answeredBefore = targets.answered();
        long heldBefore = targets.held();
        BenchLoad.CpuTimes before = load.cpuTimes();
        long start = System.nanoTime();
        String id = api.submit(job);
        Set<String> ends = JobStatus.FINAL.stream().map(Enum::name).collect(Collectors.toSet());
        Awaitility.await("profile job " + name).atMost(JOB_TIMEOUT.plusMinutes(1))
                .pollInterval(Duration.ofMillis(200)).until(() -> ends.contains(api.statusOf(id)));
        long observed = System.nanoTime() - start;
        double otherCores = load.cpuTimes().minus(before).others().toNanos() / (double) observed;
        targets.hang(Set.of());

        JsonNode view = api.get("/api/v1/jobs/" + id).json();
        String status = view.get("status").asString();
        ProfileReport report = null;
        if (status.equals(JobStatus.SUCCEEDED.name())) {
            Api.Response answer = api.get("/api/v1/jobs/" + id + "/report");
            if (answer.status() == 200) {
                report = ConveyorJson.mapper().treeToValue(answer.json(), ProfileReport.class);
            } else {
                log.warn("{}: the report answered {}: {}", name, answer.status(), answer.body());
            }
        } else {
            log.warn("{}: the job ended {}: {}", name, status, view.get("error"));
        }
        ProfileRun run = new ProfileRun(name, id, status, controls, targetCount, hangingTargets,
                instant(view, "submittedAt"), instant(view, "startedAt"), instant(view, "finishedAt"), report,
                targets.answered() - answeredBefore, targets.held() - heldBefore, observed, otherCores);
        run.log();
        return run;
    }

    /** {@code t000}, {@code t001}, … */
    private static List<String> targetNames(int count) {
        return IntStream.range(0, count).mapToObj(i -> "t%03d".formatted(i)).toList();
    }

    private static List<String> controlIds(int count) {
        return IntStream.range(0, count).mapToObj(i -> "c%02d".formatted(i)).toList();
    }

    /** The body of {@code POST /api/v1/jobs}: a profile job whose control {@code cNN} gets {@code /<target>/cNN}. */
    private String profileJob(String name, int controls, List<String> names) {
        List<Map<String, Object>> list = controlIds(controls).stream().map(control -> Map.<String, Object>of(
                "id", control, "title", "GET /${target}/" + control + " answers 200", "severity", "medium",
                "check", Map.of("type", "http", "params", Map.of(
                        "url", targets.baseUrl() + "/${target}/" + control, "expectStatus", 200)))).toList();
        Map<String, Object> params = Map.of(
                "profile", Map.of("id", "bench-" + name, "title", "Profile benchmark, " + name, "controls", list),
                "inventory", Map.of("targets", names),
                "concurrency", CONCURRENCY,
                "checkTimeout", CHECK_TIMEOUT.toString());
        return ConveyorJson.mapper().writeValueAsString(Map.of("type", "profile", "params", params,
                "timeout", JOB_TIMEOUT.toString(), "labels", Map.of("bench", "profile-" + name)));
    }

    /** The URLs a profile run of this size requests, in the order its worker submits them. */
    private List<URI> urls(int controls, int targetCount) {
        List<URI> urls = new ArrayList<>(controls * targetCount);
        for (String target : targetNames(targetCount)) {
            for (String control : controlIds(controls)) {
                urls.add(URI.create(targets.baseUrl() + "/" + target + "/" + control));
            }
        }
        return urls;
    }

    /**
     * GETs every URL straight from this JVM, {@link #CONCURRENCY} at a time on virtual threads,
     * each thread taking the next URL as soon as its last is answered.
     */
    private DirectRound directRound(List<URI> urls) throws IOException {
        long[] nanos = new long[urls.size()];
        int[] statuses = new int[urls.size()];
        String[] problems = new String[urls.size()];
        AtomicInteger next = new AtomicInteger();
        BenchLoad.CpuTimes before = load.cpuTimes();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CONCURRENCY; c++) {
                threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < urls.size(); i = next.getAndIncrement()) {
                        HttpRequest request = HttpRequest.newBuilder(urls.get(i)).timeout(CHECK_TIMEOUT).GET().build();
                        long sent = System.nanoTime();
                        try {
                            statuses[i] = direct.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (IOException e) {
                            statuses[i] = -1;
                            problems[i] = e.toString();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        nanos[i] = System.nanoTime() - sent;
                    }
                });
            }
        }
        long wall = System.nanoTime() - start;
        double otherCores = load.cpuTimes().minus(before).others().toNanos() / (double) wall;
        return new DirectRound(nanos, statuses, problems, wall, otherCores);
    }

    private static Instant instant(JsonNode view, String field) {
        JsonNode value = view.get(field);
        return value == null || value.isNull() ? null : Instant.parse(value.asString());
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** The nearest-rank percentile of some durations; 100 is the max. */
    private static double percentile(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /**
     * One profile job, as the gateway shows it once it ended, and what the targets saw of it.
     *
     * @param report its report; {@code null} unless it succeeded
     * @param answered how many of its requests the targets answered 200
     * @param held how many of its requests the targets held without an answer
     * @param observedNanos from the submit to the first poll that saw it ended
     * @param otherCores how many cores other processes of the machine used meanwhile, on average
     */
    private record ProfileRun(String name, String id, String status, int controls, int targets, int hangingTargets,
            Instant submittedAt, Instant startedAt, Instant finishedAt, ProfileReport report, long answered, long held,
            long observedNanos, double otherCores) {

        int checks() {
            return controls * targets;
        }

        Counts counts() {
            return report == null ? null : report.summary();
        }

        /** From {@code startedAt} to {@code finishedAt}, as the worker stamped them; {@code null} if either is missing. */
        Double seconds() {
            return startedAt == null || finishedAt == null ? null
                    : Duration.between(startedAt, finishedAt).toNanos() / 1e9;
        }

        double checksPerSecond() {
            return checks() / seconds();
        }

        private List<CheckRecord> every(CheckOutcome outcome) {
            return report == null ? List.of() : report.targets().stream().flatMap(t -> t.checks().stream())
                    .filter(check -> check.outcome() == outcome).toList();
        }

        /** The duration of the passed checks, as the worker measured them: p50, p99, max, in ms. */
        Map<String, Double> passedCheckMs() {
            long[] sorted = every(CheckOutcome.PASSED).stream().mapToLong(CheckRecord::durationMs).sorted().toArray();
            Map<String, Double> ms = new LinkedHashMap<>();
            ms.put("p50", percentile(sorted, 50));
            ms.put("p99", percentile(sorted, 99));
            ms.put("max", percentile(sorted, 100));
            return ms;
        }

        /** One message for each outcome other than passed, to tell what went wrong. */
        Map<String, String> examples() {
            Map<String, String> examples = new TreeMap<>();
            for (CheckOutcome outcome : List.of(CheckOutcome.FAILED, CheckOutcome.SKIPPED, CheckOutcome.ERROR)) {
                every(outcome).stream().findFirst().ifPresent(check -> examples.put(outcome.json(),
                        check.control() + ": " + check.message()));
            }
            return examples;
        }

        Map<String, Object> figures() {
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("jobId", id);
            figure.put("status", status);
            figure.put("controls", controls);
            figure.put("targets", targets);
            figure.put("checks", checks());
            figure.put("hangingTargets", hangingTargets);
            figure.put("concurrency", CONCURRENCY);
            figure.put("checkTimeout", CHECK_TIMEOUT.toString());
            figure.put("submittedAt", submittedAt);
            figure.put("startedAt", startedAt);
            figure.put("finishedAt", finishedAt);
            figure.put("wallSeconds", seconds() == null ? null : round(seconds()));
            figure.put("checksPerSecond", seconds() == null ? null : round(checksPerSecond()));
            figure.put("queuedSeconds", submittedAt == null || startedAt == null ? null
                    : round(Duration.between(submittedAt, startedAt).toNanos() / 1e9));
            figure.put("submitToSeenEndedSeconds", round(observedNanos / 1e9));
            figure.put("summary", counts());
            figure.put("accountedFor", counts() == null ? null : counts().total());
            figure.put("passedCheckMs", passedCheckMs());
            figure.put("examples", examples());
            figure.put("targetsAnswered", answered);
            figure.put("targetsHeld", held);
            figure.put("otherProcessesCores", round(otherCores));
            return figure;
        }

        void log() {
            Counts counts = counts();
            log.info("{}: {} checks ({} controls x {} targets, {} hanging; concurrency {}, checkTimeout {}) ended {} "
                            + "in {} s from startedAt to finishedAt: {} checks/s; report: {} passed, {} failed, {} skipped, "
                            + "{} error, {} of {} accounted for {}; the targets answered {} requests and held {}; a passed "
                            + "check took {} ms (worker's measure); queued {} s, submit to seen ended {} s; other "
                            + "processes used {} cores meanwhile", name, checks(), controls, targets, hangingTargets,
                    CONCURRENCY, CHECK_TIMEOUT, status, seconds() == null ? "?" : round(seconds()),
                    seconds() == null ? "?" : round(checksPerSecond()),
                    counts == null ? "?" : counts.passed(), counts == null ? "?" : counts.failed(),
                    counts == null ? "?" : counts.skipped(), counts == null ? "?" : counts.error(),
                    counts == null ? "?" : counts.total(), checks(), examples(), answered, held, passedCheckMs(),
                    figures().get("queuedSeconds"), round(observedNanos / 1e9), round(otherCores));
        }
    }

    /**
     * The requests of one direct round, indexed alike, and how long the round took.
     *
     * @param statuses each answer's status, or -1 for none
     * @param problems why a request got no answer; {@code null} for one that did
     * @param otherCores how many cores other processes of the machine used meanwhile, on average
     */
    private record DirectRound(long[] nanos, int[] statuses, String[] problems, long wallNanos, double otherCores) {

        int requests() {
            return statuses.length;
        }

        double seconds() {
            return wallNanos / 1e9;
        }

        double perSecond() {
            return requests() / seconds();
        }

        int answered200() {
            return (int) IntStream.of(statuses).filter(status -> status == 200).count();
        }

        /** How many answers of each status other than 200 ({@code -1}: no answer). */
        Map<Integer, Long> notOk() {
            return IntStream.of(statuses).filter(status -> status != 200).boxed()
                    .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        }

        /** Why the first request that got no answer got none; {@code null} if all got one. */
        String firstProblem() {
            return Arrays.stream(problems).filter(Objects::nonNull).findFirst().orElse(null);
        }

        double percentileMs(double percentile) {
            return round(percentile(LongStream.of(nanos).sorted().toArray(), percentile) / 1e6);
        }

        Map<String, Object> figures() {
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("client", "java.net.http.HttpClient, as the worker's http check builds it (default version, "
                    + "connect timeout 10 s, no redirects), body discarded");
            figure.put("requests", requests());
            figure.put("concurrency", CONCURRENCY);
            figure.put("answered200", answered200());
            figure.put("notOk", notOk());
            figure.put("firstProblem", firstProblem());
            figure.put("wallSeconds", round(seconds()));
            figure.put("requestsPerSecond", round(perSecond()));
            figure.put("latencyMs", Map.of("p50", percentileMs(50), "p95", percentileMs(95), "p99", percentileMs(99),
                    "max", percentileMs(100)));
            figure.put("otherProcessesCores", round(otherCores));
            return figure;
        }
    }
}
