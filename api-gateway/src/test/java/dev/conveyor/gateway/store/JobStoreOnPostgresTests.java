package dev.conveyor.gateway.store;

import javax.sql.DataSource;

/** Which snapshot wins, on a real PostgreSQL server: the store many gateways can share. */
class JobStoreOnPostgresTests extends JobStoreTests {

    @Override
    DataSource anEmptyDatabase() {
        return TestStores.anEmptyPostgresSchema();
    }
}
