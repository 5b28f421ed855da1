package dev.conveyor.system;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.system.ChaosPlan.PartKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Proves what became of every job a gateway answered 202 during a chaos run, from what Kafka and
 * the stores hold afterwards: that it ended (a final snapshot on the results topic, and a final
 * state in every gateway's store), that it has one outcome, how many jobs ran more than once and
 * why, and how long the longest wait between acceptance and start was.
 *
 * <p>It reads only final snapshots and the requests on the jobs topics: whether a gateway or worker
 * also publishes {@code QUEUED} or {@code RUNNING} snapshots changes nothing here (those show only
 * in the trace of a job that failed the check). A {@code DEAD} snapshot with {@code not-enqueued}
 * is no outcome when a later attempt ended: it says a request did not reach Kafka, and a retry
 * queued the job again.
 */
final class ChaosHistory {

    /**
     * A job some gateway answered 202.
     *
     * @param firstTriedAt when its batch was first sent: it may have reached Kafka from then on
     * @param acceptedAt when the client got the 202
     * @param tries every request of its batch: gateway, time and answer
     */
    record AcceptedJob(String id, String batchKey, Instant firstTriedAt, Instant acceptedAt, List<String> tries) {
    }

    /**
     * A snapshot of a job on the results topic.
     *
     * @param errorKind the kind of its error, {@code null} without one
     */
    record Snapshot(JobStatus status, int attempt, String workerId, Instant startedAt, Instant finishedAt,
            String errorKind) {

        boolean notEnqueued() {
            return status == JobStatus.DEAD && JobError.NOT_ENQUEUED.equals(errorKind);
        }

        @Override
        public String toString() {
            return status + (errorKind == null ? "" : "(" + errorKind + ")") + " attempt " + attempt
                    + (workerId == null ? "" : " on " + workerId);
        }
    }

    /** A job as one gateway's store shows it. */
    record StoredJob(JobStatus status, int attempt, String errorKind) {

        @Override
        public String toString() {
            return status + (errorKind == null ? "" : "(" + errorKind + ")") + " attempt " + attempt;
        }
    }

    /**
     * A kill -9 of one part.
     *
     * @param step the step of the plan that killed it; both gateways are killed in one step
     * @param back when it answered its health check (a Kafka node: listened) again; {@code null} if never
     */
    record Kill(int step, PartKind kind, String part, Instant at, Instant back) {
    }

    /** A part back from a kill rejoins its group or cluster within this, which may move partitions again. */
    private static final Duration REJOIN = Duration.ofSeconds(15);

    /**
     * Everything the check reads.
     *
     * @param snapshots every snapshot on the results topic, per job, in topic order
     * @param requestAttempts the attempt of every request on the jobs topics, per job
     * @param stores per gateway name, every job its store lists
     */
    record Evidence(Map<String, AcceptedJob> accepted, Map<String, List<Snapshot>> snapshots,
            Map<String, List<Integer>> requestAttempts, Map<String, Map<String, StoredJob>> stores, List<Kill> kills) {
    }

    /**
     * A job that failed the check, with all that was found of it.
     *
     * @param problem what is wrong
     * @param topic every snapshot of it on the results topic
     * @param requests the attempts of its requests on the jobs topics
     * @param stores what each gateway's store shows, or "absent"
     */
    record JobTrace(String id, String problem, String batchKey, Instant acceptedAt, List<String> tries,
            List<String> topic, List<Integer> requests, Map<String, String> stores) {
    }

    /**
     * The outcome of the check.
     *
     * @param stranded accepted jobs that did not end: no outcome on the topic, or a store without a final state
     * @param twoOutcomes jobs with two different final statuses
     * @param storeDisagrees jobs whose final state in a store is not their outcome on the topic
     * @param ranMoreThanOnce jobs with more than one run, or a run of an attempt no request asked for
     * @param queuedMoreThanOnce of those, the jobs whose request is on the jobs topic more than once
     * @param inFlightAtWorkerKill accepted jobs in flight (first sent, not yet ended) while a worker was
     *     killed and until it rejoined
     * @param rerunsAfterWorkerKill of the jobs that ran more than once, those in flight when a worker was killed
     * @param rerunsAfterKafkaKill of the rest, those in flight when a Kafka node was killed
     * @param unexplainedReruns the rest
     * @param longestWait the longest time between a job's acceptance and its start
     */
    record Verdict(Map<PartKind, Long> killsByKind, int accepted, int ended, List<JobTrace> stranded,
            List<JobTrace> twoOutcomes, List<JobTrace> storeDisagrees, int ranMoreThanOnce, int queuedMoreThanOnce,
            int inFlightAtWorkerKill, int rerunsAfterWorkerKill, int rerunsAfterKafkaKill, List<String> unexplainedReruns,
            Duration longestWait, String longestWaitJob) {

        boolean passed() {
            return stranded.isEmpty() && twoOutcomes.isEmpty() && storeDisagrees.isEmpty();
        }
    }

    private final Evidence evidence;

    ChaosHistory(Evidence evidence) {
        this.evidence = evidence;
    }

    Verdict check() {
        List<JobTrace> stranded = new ArrayList<>();
        List<JobTrace> twoOutcomes = new ArrayList<>();
        List<JobTrace> storeDisagrees = new ArrayList<>();
        List<String> unexplained = new ArrayList<>();
        int ranMoreThanOnce = 0;
        int queuedMoreThanOnce = 0;
        int inFlightAtWorkerKill = 0;
        int afterWorkerKill = 0;
        int afterKafkaKill = 0;
        Duration longestWait = Duration.ZERO;
        String longestWaitJob = null;
        for (AcceptedJob job : evidence.accepted().values()) {
            List<Snapshot> outcomes = outcomes(job.id());
            List<Snapshot> runs = outcomes.stream().filter(s -> !s.notEnqueued()).toList();
            Optional<String> notEnded = notEnded(job.id(), runs);
            if (notEnded.isPresent()) {
                stranded.add(trace(job, notEnded.get()));
                continue;
            }
            if (outcomes.stream().map(Snapshot::status).distinct().count() > 1) {
                twoOutcomes.add(trace(job, "final snapshots of different statuses: " + outcomes));
            }
            JobStatus outcome = runs.getFirst().status();
            evidence.stores().forEach((gateway, store) -> {
                StoredJob stored = store.get(job.id());
                if (stored.status() != outcome) {
                    storeDisagrees.add(trace(job, gateway + " shows " + stored + ", the topic " + outcome));
                }
            });
            Instant lastEnd = runs.stream().map(Snapshot::finishedAt).max(Comparator.naturalOrder()).orElseThrow();
            boolean inFlightWhenWorkerKilled = killedWhileInFlight(PartKind.WORKER, job.firstTriedAt(), lastEnd);
            inFlightAtWorkerKill += inFlightWhenWorkerKilled ? 1 : 0;
            if (ranMoreThanOnce(job.id(), runs)) {
                ranMoreThanOnce++;
                if (requests(job.id()).size() > 1) {
                    queuedMoreThanOnce++;
                } else if (inFlightWhenWorkerKilled) {
                    afterWorkerKill++;
                } else if (killedWhileInFlight(PartKind.KAFKA_NODE, job.firstTriedAt(), lastEnd)) {
                    afterKafkaKill++;
                } else {
                    unexplained.add(job.id() + ": " + runs);
                }
            }
            Instant firstStart = runs.stream().map(Snapshot::startedAt).filter(s -> s != null)
                    .min(Comparator.naturalOrder()).orElse(job.acceptedAt());
            Duration wait = Duration.between(job.acceptedAt(), firstStart);
            if (wait.compareTo(longestWait) > 0) {
                longestWait = wait;
                longestWaitJob = job.id();
            }
        }
        // Per step: killing both gateways is one kill of its kind.
        Map<PartKind, Long> killsByKind = new EnumMap<>(PartKind.class);
        evidence.kills().stream()
                .collect(Collectors.groupingBy(Kill::kind, Collectors.mapping(Kill::step, Collectors.toSet())))
                .forEach((kind, steps) -> killsByKind.put(kind, (long) steps.size()));
        int accepted = evidence.accepted().size();
        return new Verdict(killsByKind, accepted, accepted - stranded.size(), stranded, twoOutcomes, storeDisagrees,
                ranMoreThanOnce, queuedMoreThanOnce, inFlightAtWorkerKill, afterWorkerKill, afterKafkaKill, unexplained,
                longestWait, longestWaitJob);
    }

    /** The job's final snapshots, less those {@code not-enqueued} ends a later attempt replaced. */
    private List<Snapshot> outcomes(String id) {
        List<Snapshot> ends = snapshots(id).stream().filter(s -> s.status().isFinal()).toList();
        int lastAttempt = ends.stream().mapToInt(Snapshot::attempt).max().orElse(0);
        return ends.stream().filter(s -> !s.notEnqueued() || s.attempt() == lastAttempt).toList();
    }

    /** Why the job did not end, if it did not. */
    private Optional<String> notEnded(String id, List<Snapshot> runs) {
        if (runs.isEmpty()) {
            return Optional.of(outcomes(id).isEmpty() ? "no final snapshot on the results topic"
                    : "accepted, then ended not-enqueued: it never ran");
        }
        for (Map.Entry<String, Map<String, StoredJob>> store : evidence.stores().entrySet()) {
            StoredJob stored = store.getValue().get(id);
            if (stored == null || !stored.status().isFinal()) {
                return Optional.of(store.getKey() + " shows " + (stored == null ? "nothing" : stored));
            }
        }
        return Optional.empty();
    }

    /** More than one run, or a run of an attempt beyond any the gateways queued (a worker ran it again). */
    private boolean ranMoreThanOnce(String id, List<Snapshot> runs) {
        int queuedAttempt = requests(id).stream().mapToInt(Integer::intValue).max().orElse(1);
        return runs.size() > 1 || runs.stream().anyMatch(run -> run.attempt() > queuedAttempt);
    }

    /** Whether a part of this kind was killed, or rejoined after a kill, while a job was between these instants. */
    private boolean killedWhileInFlight(PartKind kind, Instant from, Instant until) {
        return evidence.kills().stream().anyMatch(kill -> kill.kind() == kind && !kill.at().isAfter(until)
                && (kill.back() == null || !kill.back().plus(REJOIN).isBefore(from)));
    }

    private List<Snapshot> snapshots(String id) {
        return evidence.snapshots().getOrDefault(id, List.of());
    }

    private List<Integer> requests(String id) {
        return evidence.requestAttempts().getOrDefault(id, List.of());
    }

    private JobTrace trace(AcceptedJob job, String problem) {
        Map<String, String> stores = new LinkedHashMap<>();
        evidence.stores().forEach((gateway, store) ->
                stores.put(gateway, Optional.ofNullable(store.get(job.id())).map(StoredJob::toString).orElse("absent")));
        return new JobTrace(job.id(), problem, job.batchKey(), job.acceptedAt(), job.tries(),
                snapshots(job.id()).stream().map(Snapshot::toString).toList(), requests(job.id()), stores);
    }
}
