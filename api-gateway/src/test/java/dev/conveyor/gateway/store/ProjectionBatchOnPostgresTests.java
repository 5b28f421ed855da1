package dev.conveyor.gateway.store;

import dev.conveyor.common.jobs.JobSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** The projection's batched writes, on a real PostgreSQL server: the store many gateways can share. */
class ProjectionBatchOnPostgresTests extends ProjectionBatchTests {

    @Override
    DataSource anEmptyDatabase() {
        return TestStores.anEmptyPostgresSchema();
    }

    /**
     * A shared store's listeners also hear again of a version the store already holds (another
     * gateway may have stored it), which streams drop; what they agree on is the first of each.
     */
    @Override
    List<JobSnapshot> whatListenersAgreeOn(List<JobSnapshot> heard) {
        Set<String> seen = new HashSet<>();
        return heard.stream().filter(snapshot -> seen.add(snapshot.id() + "@" + snapshot.version())).toList();
    }
}
