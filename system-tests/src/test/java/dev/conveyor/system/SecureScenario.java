package dev.conveyor.system;

import dev.conveyor.common.topics.Topics;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What TLS and SCRAM cost: {@code noop} jobs end to end through the batch API on the suite's plain
 * cluster, then on a secure one of its own ({@code --secure}: TLS + SCRAM-SHA-512 + ACLs; a broker,
 * a gateway and a worker like the suite's), each after a warm-up, in the same run; the secure
 * cluster's jobs/s as a ratio to the plain one's.
 */
final class SecureScenario implements Scenario {

    private static final Logger log = LoggerFactory.getLogger(SecureScenario.class);

    @Override
    public String name() {
        return "secure";
    }

    @Override
    public boolean needsOwnCluster() {
        return true;
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        int jobs = context.options().jobs();
        int warmUp = Math.max(1_000, jobs / 10);
        ThroughputScenario.throughApi(context, warmUp);
        context.load().awaitQuiet("plain warm-up");
        ThroughputScenario.Pass plain = ThroughputScenario.throughApi(context, jobs);
        log.info("secure: plain cluster {} jobs/s", Bench.round(plain.perSecond()));
        ThroughputScenario.Pass secure;
        try (LocalCluster cluster = new LocalCluster(Files.createTempDirectory("conveyor-bench-secure")).secure()) {
            LocalCluster.Part kafka = cluster.startKafka();
            List<LocalCluster.Part> apps = cluster.gatewayAndWorker("bench-secure-worker", BenchContext.WORKER_SLOTS);
            List<LocalCluster.Part> parts = List.of(kafka, apps.get(0), apps.get(1));
            Topics topics = new Topics(cluster.prefix());
            try (GatewayClient gateway = new GatewayClient(URI.create("http://localhost:" + apps.get(0).port()),
                    cluster.adminToken());
                    ResultsTracker tracker = new ResultsTracker(cluster.clientConfig("admin"), topics.jobResults())) {
                BenchContext own = new BenchContext(context.options(), cluster, apps.get(0), apps.get(1), parts,
                        cluster.brokers(), topics, gateway, tracker, new BenchLoad(parts), Map.of());
                ThroughputScenario.throughApi(own, warmUp);
                own.load().awaitQuiet("secure warm-up");
                secure = ThroughputScenario.throughApi(own, jobs);
            }
        }
        double ratio = secure.perSecond() / plain.perSecond();
        log.info("secure: TLS + SCRAM cluster {} jobs/s, {} of plain", Bench.round(secure.perSecond()),
                Bench.percent(ratio));
        return new ScenarioResult(name()).put("jobs", jobs).put("plain", plain.figures())
                .put("secure", secure.figures()).put("secureToPlain", ratio)
                .row("noop end to end, batch API, TLS + SCRAM", Bench.count(secure.perSecond()) + " jobs/s",
                        Bench.count(plain.perSecond()) + " jobs/s (plain, same run)",
                        Bench.percent(ratio) + " of plain", "");
    }
}
