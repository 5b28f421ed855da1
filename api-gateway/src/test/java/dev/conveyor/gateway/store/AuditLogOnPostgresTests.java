package dev.conveyor.gateway.store;

import javax.sql.DataSource;

/** The audit trail's rules on a real PostgreSQL server: the store many gateways can share. */
class AuditLogOnPostgresTests extends AuditLogTests {

    @Override
    DataSource anEmptyDatabase() {
        return TestStores.anEmptyPostgresSchema();
    }
}
