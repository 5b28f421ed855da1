package dev.conveyor.gateway.jobs;

import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.willAnswer;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.gateway.store.JobStore;
import java.util.Collections;
import java.util.List;

/** What mocked Kafka and store answer when every publish is acknowledged. */
final class PublishingStubs {

    private PublishingStubs() {
    }

    static void kafkaAcknowledgesEverything(JobPublisher publisher, JobStore store) {
        willAnswer(call -> Collections.nCopies(call.<List<?>>getArgument(0).size(), null)).given(publisher)
                .publish(anyList());
        willAnswer(call -> call.<List<JobRequest>>getArgument(0).stream().map(JobSnapshot::queued).toList())
                .given(store).applyQueued(anyList());
    }
}
