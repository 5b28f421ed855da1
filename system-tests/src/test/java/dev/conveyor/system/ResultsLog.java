package dev.conveyor.system;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.json.JsonSerde;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every snapshot ever written to a results topic, per job: how often each job ran, on which
 * worker, with which attempt, and how it ended. Read whole, without a group, so it sees what
 * the store's projection may have folded away.
 */
final class ResultsLog {

    private final Map<String, List<JobSnapshot>> byJob = new HashMap<>();

    static ResultsLog read(String brokers, String topic) {
        ResultsLog results = new ResultsLog();
        new TestKafka(brokers).readWhole(topic, record -> {
            if (record.value() != null) {
                JobSnapshot snapshot = JsonSerde.read(record.value(), JobSnapshot.class);
                results.byJob.computeIfAbsent(snapshot.id(), id -> new ArrayList<>()).add(snapshot);
            }
        });
        return results;
    }

    Set<String> jobs() {
        return byJob.keySet();
    }

    /** How many jobs have a final snapshot. */
    long jobsEnded() {
        return byJob.keySet().stream().filter(id -> !ends(id).isEmpty()).count();
    }

    /** Every snapshot of a job, in the order of its partition. */
    List<JobSnapshot> snapshots(String jobId) {
        return byJob.getOrDefault(jobId, List.of());
    }

    List<JobSnapshot> runs(String jobId) {
        return of(jobId, s -> s.status() == JobStatus.RUNNING);
    }

    List<JobSnapshot> ends(String jobId) {
        return of(jobId, s -> s.status().isFinal());
    }

    /** Jobs a worker started and never ended: those it had in flight when it died. */
    Set<String> leftRunningBy(String workerId) {
        return byJob.keySet().stream()
                .filter(id -> runs(id).stream().anyMatch(s -> workerId.equals(s.workerId())))
                .filter(id -> ends(id).stream().noneMatch(s -> workerId.equals(s.workerId())))
                .collect(Collectors.toSet());
    }

    /**
     * Jobs a worker started, whatever became of them: those it published running or ended (a job
     * that ends before its {@code RUNNING} snapshot is due has only its end).
     */
    Set<String> startedBy(String workerId) {
        return byJob.keySet().stream()
                .filter(id -> byJob.get(id).stream().anyMatch(s -> s.status() != JobStatus.QUEUED
                        && workerId.equals(s.workerId())))
                .collect(Collectors.toSet());
    }

    private List<JobSnapshot> of(String jobId, java.util.function.Predicate<JobSnapshot> which) {
        return byJob.getOrDefault(jobId, List.of()).stream().filter(which).toList();
    }
}
