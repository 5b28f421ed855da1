package dev.conveyor.system;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A schema of its own on a real PostgreSQL server, for gateways to share as their store: the
 * server of {@code CONVEYOR_TEST_POSTGRES_URL} ({@code _USER}, {@code _PASSWORD}), by default
 * {@code conveyor_test} on localhost as {@code conveyor}/{@code conveyor}, as {@code .ci/run} sets
 * it up. Without one the test is skipped, unless {@code CONVEYOR_REQUIRE_POSTGRES=1} (CI).
 */
record SharedStoreDatabase(String url, String user, String password) {

    private static final String REQUIRE = "CONVEYOR_REQUIRE_POSTGRES";

    static SharedStoreDatabase create() {
        String server = env("CONVEYOR_TEST_POSTGRES_URL", "jdbc:postgresql://localhost:5432/conveyor_test");
        String user = env("CONVEYOR_TEST_POSTGRES_USER", "conveyor");
        String password = env("CONVEYOR_TEST_POSTGRES_PASSWORD", "conveyor");
        String schema = "system_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(server, user, password)) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException unreachable) {
            String why = "no PostgreSQL at " + server + " as " + user + " (" + unreachable.getMessage() + ")";
            if ("1".equals(System.getenv(REQUIRE))) {
                fail(why + ", and " + REQUIRE + "=1 requires one");
            }
            Assumptions.abort(why + "; set " + REQUIRE + "=1 to fail instead of skipping");
        }
        // The server's database outlives the test; its schema does not (the gateways are gone by then).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection connection = DriverManager.getConnection(server, user, password)) {
                connection.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException leftBehind) {
                // Harmless: every test makes a schema of its own.
            }
        }));
        return new SharedStoreDatabase(server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema, user,
                password);
    }

    /** The settings that make a gateway keep its store here. */
    List<String> gatewaySettings() {
        return List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password);
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
