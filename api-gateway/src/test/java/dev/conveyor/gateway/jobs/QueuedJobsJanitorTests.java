package dev.conveyor.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.gateway.store.JobStore;
import dev.conveyor.gateway.store.TestStores;
import dev.conveyor.gateway.system.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** No job stays queued forever without a request a worker could run. */
class QueuedJobsJanitorTests {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private final DataSource db = TestStores.anEmptyH2();
    private final JobStore store = TestStores.aJobStoreOn(db);
    private final JobPublisher publisher = mock(JobPublisher.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private boolean caughtUp = true;
    private final QueuedJobsJanitor janitor = new QueuedJobsJanitor(store, () -> caughtUp, publisher,
            Clock.fixed(NOW, ZoneOffset.UTC), new Binder(new MapConfigurationPropertySource(
                    Map.of("conveyor.gateway.queued-repair-after", "PT2M")))
                    .bindOrCreate("conveyor.gateway", Bindable.of(GatewayProperties.class)), meters);

    QueuedJobsJanitorTests() {
        willAnswer(call -> Collections.nCopies(call.<List<?>>getArgument(0).size(), null)).given(publisher)
                .publish(anyList());
    }

    private static JobRequest aRequest(String id, Instant submittedAt) {
        return new JobRequest(id, "noop", null, "default", null, 1, null, "alice", submittedAt, null, null, null);
    }

    /** A row as a store of the first record format left it: queued from a snapshot, its request never seen. */
    private void unproven(JobRequest request) {
        store.applyAll(List.of(JobSnapshot.queued(request)));
        JdbcClient.create(db).sql("UPDATE jobs SET enqueued = FALSE WHERE id = ?").param(request.id()).update();
    }

    private double repaired() {
        return meters.get("conveyor.jobs.repaired").tag("action", "requeued").counter().count();
    }

    @Test
    void aJobQueuedWithoutARequestPastTheBoundHasItsRequestPublishedAgainOnce() {
        JobRequest old = aRequest("old", NOW.minusSeconds(300));
        unproven(old);
        unproven(aRequest("recent", NOW.minusSeconds(30)));
        store.applyQueued(List.of(aRequest("proven", NOW.minusSeconds(300))));

        assertThat(janitor.repair()).isEqualTo(1);
        assertThat(janitor.repair()).as("its request is known now").isZero();

        then(publisher).should().publish(List.of(old));
        assertThat(repaired()).isEqualTo(1);
    }

    @Test
    void nothingIsRepairedBeforeTheStoreHasReadTheJobsTopics() {
        unproven(aRequest("old", NOW.minusSeconds(300)));
        caughtUp = false;

        assertThat(janitor.repair()).isZero();

        then(publisher).should(never()).publish(anyList());
        assertThat(repaired()).as("registered before any repair, so an alert finds it").isZero();
    }

    @Test
    void aRepairKafkaDidNotAcknowledgeIsTriedAgainNextRound() {
        JobRequest old = aRequest("old", NOW.minusSeconds(300));
        unproven(old);
        willAnswer(call -> List.of(new IllegalStateException("no leader"))).given(publisher).publish(anyList());

        assertThat(janitor.repair()).isZero();
        willAnswer(call -> Collections.nCopies(1, null)).given(publisher).publish(anyList());
        assertThat(janitor.repair()).isEqualTo(1);
    }
}
