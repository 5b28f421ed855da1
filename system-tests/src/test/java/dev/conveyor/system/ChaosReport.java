package dev.conveyor.system;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.system.ChaosHistory.Kill;
import dev.conveyor.system.ChaosHistory.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one chaos run did and found, as logged and as written to {@code target/chaos/}.
 *
 * @param replay the command line that runs the same plan again
 * @param plan every planned step, as printed at the start
 * @param kills every kill as it happened
 * @param took the whole run, from the first submit to the end of the check
 * @param unanswered batches never answered 202 once everything was up again
 */
record ChaosReport(ChaosSettings settings, String replay, List<String> plan, List<Kill> kills, Verdict verdict,
        Duration took, List<ChaosClients.UnansweredBatch> unanswered) {

    private static final Logger log = LoggerFactory.getLogger(ChaosReport.class);

    boolean passed() {
        return verdict.passed() && unanswered.isEmpty();
    }

    String summary() {
        return "chaos seed " + settings.seed() + ": " + (passed() ? "PASSED" : "FAILED") + " in " + took.toSeconds()
                + " s; kills " + verdict.killsByKind() + "; " + verdict.accepted() + " jobs accepted, " + verdict.ended()
                + " ended, " + verdict.stranded().size() + " stranded, " + verdict.twoOutcomes().size()
                + " with two outcomes, " + verdict.storeDisagrees().size() + " where a store disagrees; "
                + verdict.ranMoreThanOnce() + " ran more than once (" + verdict.queuedMoreThanOnce() + " queued again, "
                + verdict.rerunsAfterWorkerKill() + " in flight when a worker was killed, " + verdict.rerunsAfterKafkaKill()
                + " when a Kafka node was, " + verdict.unexplainedReruns().size() + " unexplained) of "
                + verdict.inFlightAtWorkerKill() + " in flight when a worker was killed; longest wait "
                + verdict.longestWait() + " (job " + verdict.longestWaitJob() + "); " + unanswered.size()
                + " batches never answered 202";
    }

    /** Writes the report as {@code chaos-<seed>.json} under {@code dir}, and returns its path. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("chaos-" + settings.seed() + ".json");
        Files.writeString(file, ConveyorJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
        log.info("chaos report in {}", file.toAbsolutePath());
        return file;
    }
}
