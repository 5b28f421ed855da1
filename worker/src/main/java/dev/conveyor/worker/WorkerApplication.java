package dev.conveyor.worker;

import dev.conveyor.common.secrets.SecretsProperties;
import dev.conveyor.common.targets.TargetsProperties;
import dev.conveyor.common.topics.TopicsProperties;
import dev.conveyor.worker.jobtypes.CommandProperties;
import dev.conveyor.worker.jobtypes.http.HostHeader;
import dev.conveyor.worker.jobtypes.http.HttpCheckProperties;
import dev.conveyor.worker.system.WorkerProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** A worker: consumes jobs from its queues, runs them concurrently and publishes their results. */
@SpringBootApplication
@EnableConfigurationProperties({WorkerProperties.class, CommandProperties.class, TopicsProperties.class,
        SecretsProperties.class, TargetsProperties.class, HttpCheckProperties.class})
public class WorkerApplication {

    /**
     * The worker's settings file is {@code conveyor-worker.yml}, not {@code application.yml}, so
     * that gateway and worker can share one classpath (in the system tests).
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(WorkerApplication.class)
                .properties("spring.config.name=conveyor-worker");
    }

    public static void main(String[] args) {
        HostHeader.allow();
        application().run(args);
    }
}
