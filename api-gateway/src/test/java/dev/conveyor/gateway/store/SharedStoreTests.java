package dev.conveyor.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.jobs.JobSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many gateways on one PostgreSQL store, each projecting every snapshot into it at its own pace:
 * the store must end as one gateway alone would leave it, and each gateway's listeners (its event
 * streams) must hear of the states whichever gateway stored them.
 */
class SharedStoreTests {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void gatewaysProjectingTheSameSnapshotsAtOnceEndAsOneGatewayAlone(long seed) throws Exception {
        Random random = new Random(seed);
        List<JobSnapshot> history = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            history.add(ProjectionBatchTests.aSnapshot(random));
        }
        JobStore alone = TestStores.anEmptyJobStore();
        history.forEach(alone::apply);

        DataSource shared = TestStores.anEmptyPostgresSchema();
        List<Callable<Void>> gateways = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            // A store each, on connections of its own: as separate gateways, they share no lock in memory.
            JobStore gateway = TestStores.aJobStoreOn(TestStores.anotherClientOf(shared));
            Random polls = new Random(seed * 31 + g);
            gateways.add(() -> {
                for (int from = 0; from < history.size(); ) {
                    int to = Math.min(history.size(), from + 1 + polls.nextInt(8));
                    gateway.project(List.of(), history.subList(from, to), () -> { });
                    from = to;
                }
                return null;
            });
        }
        try (ExecutorService threads = Executors.newFixedThreadPool(gateways.size())) {
            for (Future<Void> gateway : threads.invokeAll(gateways)) {
                gateway.get();
            }
        }

        JobStore reader = TestStores.aJobStoreOn(shared);
        for (String job : ProjectionBatchTests.JOBS) {
            assertThat(reader.find(job)).as("%s (seed %d)", job, seed).isEqualTo(alone.find(job));
        }
    }

    @Test
    void aGatewayHearsOfStatesAnotherGatewayStoredFirst() {
        List<JobSnapshot> history = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            history.add(ProjectionBatchTests.aSnapshot(random));
        }
        DataSource shared = TestStores.anEmptyPostgresSchema();
        List<JobSnapshot> firstHeard = Collections.synchronizedList(new ArrayList<>());
        List<JobSnapshot> laterHeard = Collections.synchronizedList(new ArrayList<>());
        JobStore first = TestStores.aJobStoreOn(shared, firstHeard::add);
        JobStore later = TestStores.aJobStoreOn(TestStores.anotherClientOf(shared), laterHeard::add);

        first.project(List.of(), history, () -> { });
        later.project(List.of(), history, () -> { });

        assertThat(firstHeard).as("what the gateway that stored them heard").isNotEmpty();
        for (String job : ProjectionBatchTests.JOBS) {
            JobSnapshot stored = first.find(job).orElseThrow();
            assertThat(laterHeard).as("what the other gateway heard of %s", job).contains(stored);
        }
    }
}
