package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * What became of a publish of requests: those Kafka acknowledged, and those it did not, which
 * may or may not be on their topic.
 *
 * @param acknowledged the requests Kafka acknowledged, in order
 * @param unknownIds the ids of the others, in order
 * @param firstFailure why the first of the others was not acknowledged; {@code null} when all were
 */
record PublishOutcome(List<JobRequest> acknowledged, List<String> unknownIds, Throwable firstFailure) {

    /** @param failures per request, as {@link JobPublisher#publish} answers */
    static PublishOutcome of(List<JobRequest> requests, List<Throwable> failures) {
        List<JobRequest> acknowledged = new ArrayList<>(requests.size());
        List<String> unknown = new ArrayList<>();
        Throwable first = null;
        for (int i = 0; i < requests.size(); i++) {
            if (failures.get(i) == null) {
                acknowledged.add(requests.get(i));
            } else {
                unknown.add(requests.get(i).id());
                first = first == null ? failures.get(i) : first;
            }
        }
        return new PublishOutcome(acknowledged, unknown, first);
    }
}
