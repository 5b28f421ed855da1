package dev.conveyor.gateway.store;

import javax.sql.DataSource;

/** Lists, filters and cursors, on a real PostgreSQL server: the store many gateways can share. */
class JobListOnPostgresTests extends JobListTests {

    @Override
    DataSource anEmptyDatabase() {
        return TestStores.anEmptyPostgresSchema();
    }
}
