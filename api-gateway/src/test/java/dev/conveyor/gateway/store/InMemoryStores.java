package dev.conveyor.gateway.store;

import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Stores on a fresh in-memory H2 database with the real migrations, for tests. */
public final class InMemoryStores {

    private InMemoryStores() {
    }

    public static JobStore anEmptyJobStore() {
        DataSource db = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "conveyor", "");
        Flyway.configure().dataSource(db).load().migrate();
        return new JobStore(new JdbcTemplate(db), new TransactionTemplate(new DataSourceTransactionManager(db)), List.of());
    }
}
