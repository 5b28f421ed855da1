package dev.conveyor.gateway.store;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores for tests, on fresh databases with the real migrations: an in-memory H2 database, or a
 * schema of its own on a real PostgreSQL server.
 *
 * <p>The server is {@code CONVEYOR_TEST_POSTGRES_URL} (with {@code CONVEYOR_TEST_POSTGRES_USER}
 * and {@code CONVEYOR_TEST_POSTGRES_PASSWORD}), by default database {@code conveyor_test} on
 * localhost as user and password {@code conveyor}, which {@code .ci/run} sets up. Where none
 * answers, a PostgreSQL test is skipped, saying why, unless {@code CONVEYOR_REQUIRE_POSTGRES=1}
 * (which CI sets) makes that a failure.
 */
public final class TestStores {

    static final String REQUIRE = "CONVEYOR_REQUIRE_POSTGRES";

    private static final String POSTGRES_URL = env("CONVEYOR_TEST_POSTGRES_URL", "jdbc:postgresql://localhost:5432/conveyor_test");
    private static final String POSTGRES_USER = env("CONVEYOR_TEST_POSTGRES_USER", "conveyor");
    private static DataSource postgres;
    private static final List<String> schemas = new CopyOnWriteArrayList<>();

    private TestStores() {
    }

    public static JobStore anEmptyJobStore() {
        return aJobStoreOn(anEmptyH2());
    }

    public static JobStore aJobStoreOn(DataSource db, StoredJobListener... listeners) {
        return new JobStore(new JdbcTemplate(db), new TransactionTemplate(new DataSourceTransactionManager(db)),
                List.of(listeners));
    }

    public static DataSource anEmptyH2() {
        return migrated(new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "conveyor", ""), "h2");
    }

    /** A schema of its own on the PostgreSQL server, migrated; the test is skipped (or fails) without one. */
    public static DataSource anEmptyPostgresSchema() {
        String schema = "test_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        try (Connection connection = postgres().getConnection()) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
            schemas.add(schema);
        } catch (SQLException | RuntimeException unreachable) {
            String why = "no PostgreSQL at " + POSTGRES_URL + " as " + POSTGRES_USER + " (" + unreachable.getMessage() + ")";
            if ("1".equals(System.getenv(REQUIRE))) {
                fail(why + ", and " + REQUIRE + "=1 requires one");
            }
            Assumptions.abort(why + "; set " + REQUIRE + "=1 to fail instead of skipping");
        }
        return migrated(anotherClientOf(schema), "postgresql");
    }

    /**
     * Another client of the same PostgreSQL schema, as another gateway is: connections of its own,
     * nothing shared in memory.
     */
    public static DataSource anotherClientOf(DataSource schemaClient) {
        return anotherClientOf(((SchemaClient) schemaClient).schema);
    }

    private static DataSource anotherClientOf(String schema) {
        return new SchemaClient(postgres(), schema);
    }

    /**
     * One small pool for every PostgreSQL test of this JVM (logging in is slow by design, and the
     * server's connections are few); each borrowed connection is pointed at its test's schema.
     */
    private static synchronized DataSource postgres() {
        if (postgres == null) {
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl(POSTGRES_URL);
            pool.setUsername(POSTGRES_USER);
            pool.setPassword(env("CONVEYOR_TEST_POSTGRES_PASSWORD", "conveyor"));
            pool.setMaximumPoolSize(8);
            pool.setMinimumIdle(0);
            pool.setInitializationFailTimeout(-1);
            pool.setConnectionTimeout(5000);
            postgres = pool;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropTestSchemas(pool)));
        }
        return postgres;
    }

    /** The server's database outlives the tests; their schemas do not. */
    private static void dropTestSchemas(HikariDataSource pool) {
        try (pool; Connection connection = pool.getConnection()) {
            for (String schema : schemas) {
                connection.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException | RuntimeException e) {
            // Left behind, they are harmless: every test makes a schema of its own.
        }
    }

    private static final class SchemaClient extends DelegatingDataSource {

        private final String schema;

        SchemaClient(DataSource pool, String schema) {
            super(pool);
            this.schema = schema;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            try (var statement = connection.createStatement()) {
                statement.execute("SET search_path TO " + schema);
            }
            return connection;
        }
    }

    /** The migrations the gateway runs, from the locations its configuration names for this database. */
    private static DataSource migrated(DataSource db, String vendor) {
        Flyway.configure().dataSource(db).locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .load().migrate();
        return db;
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
