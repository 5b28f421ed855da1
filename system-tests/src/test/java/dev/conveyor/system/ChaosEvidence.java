package dev.conveyor.system;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.system.ChaosHistory.AcceptedJob;
import dev.conveyor.system.ChaosHistory.Evidence;
import dev.conveyor.system.ChaosHistory.Kill;
import dev.conveyor.system.ChaosHistory.Snapshot;
import dev.conveyor.system.ChaosHistory.StoredJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Gathers what a {@link ChaosHistory} checks: the clients' 202 answers, the results and jobs topics read whole, and each gateway's store through its list API. */
final class ChaosEvidence {

    private static final int PAGE = 500;

    private ChaosEvidence() {
    }

    /** @param gateways each gateway's API, by the name the report gives it */
    static Evidence gather(LocalCluster cluster, Map<String, Api> gateways, List<ChaosClients.AcceptedBatch> batches,
            List<Kill> kills) {
        Topics topics = new Topics(cluster.prefix());
        ResultsLog results = ResultsLog.read(cluster.brokers(), topics.jobResults());
        Map<String, List<Snapshot>> snapshots = new HashMap<>();
        for (String id : results.jobs()) {
            snapshots.put(id, results.snapshots(id).stream().map(ChaosEvidence::snapshot).toList());
        }
        Map<String, Map<String, StoredJob>> stores = new LinkedHashMap<>();
        gateways.forEach((name, api) -> stores.put(name, listAll(api)));
        return new Evidence(accepted(batches), snapshots, requestAttempts(cluster.brokers(), topics.jobs("default")),
                stores, kills);
    }

    static Map<String, AcceptedJob> accepted(List<ChaosClients.AcceptedBatch> batches) {
        Map<String, AcceptedJob> accepted = new LinkedHashMap<>();
        for (ChaosClients.AcceptedBatch batch : batches) {
            List<String> tries = batch.tries().stream()
                    .map(t -> t.at() + " gateway " + t.gateway() + ": " + t.outcome()).toList();
            for (String id : batch.jobIds()) {
                accepted.put(id, new AcceptedJob(id, batch.key(), batch.tries().getFirst().at(), batch.acceptedAt(), tries));
            }
        }
        return accepted;
    }

    private static Snapshot snapshot(JobSnapshot s) {
        return new Snapshot(s.status(), s.attempt(), s.workerId(), s.startedAt(), s.finishedAt(),
                s.error() == null ? null : s.error().kind());
    }

    /** How many of {@code ids} a gateway's store shows in a final state. */
    static long finalIn(Api api, Set<String> ids) {
        return listAll(api).entrySet().stream()
                .filter(job -> ids.contains(job.getKey()) && job.getValue().status().isFinal()).count();
    }

    /** Every job in a gateway's store, page by page. */
    private static Map<String, StoredJob> listAll(Api api) {
        Map<String, StoredJob> jobs = new HashMap<>();
        String cursor = null;
        do {
            Api.Response answer = api.get("/api/v1/jobs?limit=" + PAGE + (cursor == null ? "" : "&cursor=" + cursor));
            if (answer.status() != 200) {
                throw new IllegalStateException("listing jobs answered " + answer.status() + ": " + answer.body());
            }
            JsonNode page = answer.json();
            for (JsonNode item : page.get("items")) {
                JsonNode error = item.get("error");
                jobs.put(item.get("id").asString(), new StoredJob(JobStatus.valueOf(item.get("status").asString()),
                        item.get("attempt").asInt(), error == null || error.isNull() ? null : error.get("kind").asString()));
            }
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asString() : null;
        } while (cursor != null);
        return jobs;
    }

    /** The attempt of every request on a jobs topic, per job: how often, and as which attempts, it was queued. */
    private static Map<String, List<Integer>> requestAttempts(String brokers, String topic) {
        Map<String, List<Integer>> attempts = new HashMap<>();
        new TestKafka(brokers).readWhole(topic, record -> {
            if (record.value() != null) {
                JobRequest request = JsonSerde.read(record.value(), JobRequest.class);
                attempts.computeIfAbsent(request.id(), id -> new ArrayList<>()).add(request.attempt());
            }
        });
        return attempts;
    }
}
