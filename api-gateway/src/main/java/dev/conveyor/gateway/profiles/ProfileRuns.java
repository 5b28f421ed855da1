package dev.conveyor.gateway.profiles;

import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.profiles.Profile;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.Violation;
import dev.conveyor.gateway.jobs.Idempotency;
import dev.conveyor.gateway.jobs.JobQueueing;
import dev.conveyor.gateway.jobs.JobRequestFactory;
import dev.conveyor.gateway.jobs.SubmitJobRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a stored profile: a {@code profile} job that carries the profile whole, as stored now, so
 * that the run keeps what it ran whatever changes later, and is labelled {@code profile=<id>}.
 */
@Service
class ProfileRuns {

    static final String LABEL = "profile";

    private final ProfileCatalog catalog;
    private final JobRequestFactory requests;
    private final JobQueueing queueing;

    ProfileRuns(ProfileCatalog catalog, JobRequestFactory requests, JobQueueing queueing) {
        this.catalog = catalog;
        this.requests = requests;
        this.queueing = queueing;
    }

    JobSnapshot run(String profileId, ProfileRunRequest body, String by, Idempotency idempotency) {
        Profile profile = catalog.find(profileId).orElseThrow(() -> ProfileService.notFound(profileId));
        ObjectNode params = ConveyorJson.mapper().createObjectNode();
        params.set("profile", ConveyorJson.mapper().valueToTree(profile));
        params.set("inventory", ConveyorJson.mapper().valueToTree(body.inventory()));
        if (body.concurrency() != null) {
            params.put("concurrency", body.concurrency());
        }
        if (body.checkTimeout() != null) {
            params.put("checkTimeout", body.checkTimeout().toString());
        }
        Map<String, String> labels = new HashMap<>(body.labels() == null ? Map.of() : body.labels());
        labels.put(LABEL, profile.id());
        String id = idempotency == null ? UUID.randomUUID().toString() : idempotency.jobId(0);
        JobOrigin origin = idempotency == null ? JobOrigin.DIRECT : JobOrigin.DIRECT.withRequestDigest(idempotency.digest());
        List<Violation> violations = new ArrayList<>();
        JobRequest request = requests.create(new SubmitJobRequest("profile", params, body.queue(), body.timeout(), labels,
                null), id, by, origin, "", violations);
        if (request == null) {
            // The job's params are this request's inventory and settings beside the stored profile.
            throw new InvalidJobException(violations.stream()
                    .map(v -> new Violation(v.pointer().replaceFirst("^/params/(inventory|concurrency|checkTimeout)",
                            "/$1"), v.message()))
                    .toList());
        }
        return queueing.queue(List.of(request), idempotency).getFirst();
    }
}
