package dev.conveyor.system;

import static org.awaitility.Awaitility.await;

import dev.conveyor.gateway.GatewayApplication;
import dev.conveyor.worker.WorkerApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a real gateway or worker in this JVM against a given Kafka, on random ports, with the
 * topics of one test under their own prefix and one partition each.
 */
final class ConveyorApps {

    /** The admin token of every gateway started here; {@link Api#onPort(int)} sends it. */
    static final String ADMIN_TOKEN = "system-tests-admin-token";

    private ConveyorApps() {
    }

    static ConfigurableApplicationContext gateway(String brokers, String prefix, Path dataDir, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + brokers,
                "--conveyor.data-dir=" + dataDir,
                "--conveyor.topics.prefix=" + prefix,
                "--conveyor.topics.partitions=1",
                "--conveyor.gateway.worker-group-id=" + workerGroup(prefix),
                "--conveyor.gateway.auth.admin-token=" + ADMIN_TOKEN));
        ConfigurableApplicationContext gateway = GatewayApplication.application().run(withOverrides(args, more));
        // Ready as a balancer would see it: until it has read the API tokens, it answers them 503.
        Api probe = Api.anonymousOnPort(port(gateway));
        await("the gateway ready").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> probe.get("/actuator/health/readiness").status() == 200);
        return gateway;
    }

    static ConfigurableApplicationContext worker(String brokers, String prefix, String workerId, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + brokers,
                // The gateway's store and API security are on this shared test classpath; a worker
                // has no database, and its actuator is as open as when it runs on its own.
                "--spring.autoconfigure.exclude="
                        + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                        + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
                        + "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
                        + "org.springframework.boot.security.autoconfigure.web.servlet."
                        + "ServletWebSecurityAutoConfiguration,"
                        + "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
                        + "org.springframework.boot.security.autoconfigure.actuate.web.servlet."
                        + "ManagementWebSecurityAutoConfiguration",
                "--conveyor.topics.prefix=" + prefix,
                "--conveyor.topics.partitions=1",
                "--conveyor.worker.id=" + workerId,
                "--conveyor.worker.group-id=" + workerGroup(prefix),
                "--conveyor.worker.drain-timeout=PT1S"));
        return WorkerApplication.application().run(withOverrides(args, more));
    }

    /**
     * The defaults with {@code more} added, a setting in {@code more} replacing the default of the
     * same key (Spring would join a key given twice into a list).
     */
    private static String[] withOverrides(List<String> defaults, String... more) {
        List<String> args = new ArrayList<>();
        for (String setting : defaults) {
            String key = setting.substring(0, setting.indexOf('=') + 1);
            if (List.of(more).stream().noneMatch(m -> m.startsWith(key))) {
                args.add(setting);
            }
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The workers' consumer group of one test's apps. */
    static String workerGroup(String prefix) {
        return prefix + "-workers";
    }

    static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }
}
