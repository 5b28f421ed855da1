package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.system.ChaosHistory.JobTrace;
import dev.conveyor.system.ChaosHistory.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients submit batches through two gateways, retrying each with its {@code Idempotency-Key}
 * until one answers 202, while a seeded schedule kills workers, gateways and Kafka nodes with
 * SIGKILL and starts them again; afterwards {@link ChaosHistory} proves that every accepted job
 * ended, with one outcome. The short form runs in the suite; {@code ./conveyor chaos} runs longer
 * ones ({@link ChaosSettings}), and {@code -Dchaos.seed=N} replays a plan.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ChaosTests {

    private static final Logger log = LoggerFactory.getLogger(ChaosTests.class);
    private static final int CLIENTS = 12;
    private static final int WORKER_CONCURRENCY = 100;
    /** With everything up again, how long the batches under way may take to be answered. */
    private static final Duration ANSWERS = Duration.ofMinutes(3);
    /** No accepted job ending for this long means those left never will. */
    private static final Duration STALLED = Duration.ofSeconds(45);
    private static final Path REPORTS = Path.of("target", "chaos");
    private static final int TRACES_LOGGED = 50;

    @TempDir
    Path temp;

    private LocalCluster cluster;

    @AfterEach
    void stopEverything() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyJobAcceptedWhileWorkersGatewaysAndKafkaNodesAreKilledEndsWithOneOutcome() throws Exception {
        ChaosSettings settings = ChaosSettings.fromSystemProperties();
        ChaosPlan plan = ChaosPlan.of(settings);
        log.info("chaos seed {}: {} jobs over {}, {} kills; replay with -Dchaos.seed={} or {}", settings.seed(),
                settings.jobs(), settings.duration(), settings.kills(), settings.seed(), settings.replay());
        plan.steps().forEach(step -> log.info("chaos plan: {}", step));
        cluster = new LocalCluster(temp, ChaosPlan.KAFKA_NODES);
        try {
            cluster.startKafka();
            // In two waves: five JVMs starting at once on a busy machine may take longer than the start-up bound.
            List<LocalCluster.Part> gatewayParts = cluster.gateways(2);
            List<LocalCluster.Part> workers = cluster.workers(List.of("worker-1", "worker-2", "worker-3"), WORKER_CONCURRENCY);
            Map<String, Api> gateways = new LinkedHashMap<>();
            gateways.put("gateway 1", cluster.api(gatewayParts.get(0)));
            gateways.put("gateway 2", cluster.api(gatewayParts.get(1)));

            ChaosClients clients = new ChaosClients(List.copyOf(gateways.values()), settings, cluster.prefix());
            ChaosDriver driver = new ChaosDriver(cluster, clients, gatewayParts, workers);
            Instant start = Instant.now();
            clients.start(CLIENTS);
            driver.run(plan);
            driver.awaitAllHealthy();
            clients.stop();
            awaitAnswers(clients);
            Set<String> accepted = ChaosEvidence.accepted(clients.accepted()).keySet();
            awaitEnded(gateways.values(), accepted);

            Verdict verdict = new ChaosHistory(ChaosEvidence.gather(cluster, gateways, clients.accepted(), driver.kills()))
                    .check();
            ChaosReport report = new ChaosReport(settings, settings.replay(),
                    plan.steps().stream().map(Object::toString).toList(), driver.kills(), verdict,
                    Duration.between(start, Instant.now()), clients.unanswered());
            report.write(REPORTS);
            log.info("{}", report.summary());
            if (!report.passed()) {
                logTraces("stranded", verdict.stranded());
                logTraces("two outcomes", verdict.twoOutcomes());
                logTraces("store disagrees", verdict.storeDisagrees());
                report.unanswered().forEach(batch -> log.error("never answered 202: {}", batch));
            }
            verdict.unexplainedReruns().forEach(rerun -> log.warn("ran more than once, unexplained: {}", rerun));

            assertThat(verdict.killsByKind()).as("kinds of part killed").hasSize(ChaosPlan.PartKind.values().length);
            assertThat(verdict.accepted()).as("jobs accepted").isPositive();
            assertThat(report.passed()).as("%s; replay: %s; stranded: %s", report.summary(), settings.replay(),
                    verdict.stranded().stream().map(JobTrace::id).limit(TRACES_LOGGED).toList()).isTrue();
        } catch (Throwable failure) {
            cluster.printTails();
            throw failure;
        }
    }

    /** Everything is up again: each batch under way is answered 202 within the bound, or left unanswered. */
    private static void awaitAnswers(ChaosClients clients) {
        try {
            await("every batch under way answered").atMost(ANSWERS).pollInterval(Duration.ofSeconds(1)).until(clients::done);
        } catch (ConditionTimeoutException e) {
            clients.giveUp();
            await("clients giving up").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(clients::done);
        }
    }

    /** Until every gateway's store shows every accepted job in a final state, or none has ended for {@link #STALLED}. */
    private static void awaitEnded(Collection<Api> gateways, Set<String> accepted) {
        AtomicReference<Progress> progress = new AtomicReference<>(new Progress(accepted.size(), Instant.now()));
        await("every accepted job ended").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    long open = gateways.stream().mapToLong(api -> accepted.size() - ChaosEvidence.finalIn(api, accepted))
                            .max().orElseThrow();
                    Progress last = progress.get();
                    if (open < last.open()) {
                        progress.set(new Progress(open, Instant.now()));
                    } else if (Duration.between(last.since(), Instant.now()).compareTo(STALLED) > 0) {
                        log.warn("{} accepted jobs not ended in a gateway's store, none ended for {}", open, STALLED);
                        return true;
                    }
                    return open == 0;
                });
    }

    private static void logTraces(String what, List<JobTrace> traces) {
        traces.stream().collect(Collectors.groupingBy(JobTrace::batchKey, TreeMap::new, Collectors.counting()))
                .forEach((batch, count) -> log.error("{}: {} jobs of batch {}", what, count, batch));
        traces.stream().limit(TRACES_LOGGED).forEach(trace -> log.error(
                "{}: job {} ({}): topic {}, requests of attempts {}, stores {}, batch {} answered 202 at {} after {} tries, the last {}",
                what, trace.id(), trace.problem(), trace.topic(), trace.requests(), trace.stores(), trace.batchKey(),
                trace.acceptedAt(), trace.tries().size(), trace.tries().subList(Math.max(0, trace.tries().size() - 3),
                        trace.tries().size())));
        if (traces.size() > TRACES_LOGGED) {
            log.error("{}: {} more, in the report", what, traces.size() - TRACES_LOGGED);
        }
    }

    /** How many accepted jobs had not ended, since when. */
    private record Progress(long open, Instant since) {
    }
}
