package dev.conveyor.gateway;

import dev.conveyor.common.secrets.SecretsProperties;
import dev.conveyor.common.targets.TargetsProperties;
import dev.conveyor.common.topics.TopicsProperties;
import dev.conveyor.gateway.system.GatewayProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The REST gateway: accepts jobs, publishes them to Kafka and answers queries from its store. */
@SpringBootApplication
@EnableConfigurationProperties({GatewayProperties.class, TopicsProperties.class, SecretsProperties.class,
        TargetsProperties.class})
public class GatewayApplication {

    /**
     * The gateway's settings file is {@code conveyor-gateway.yml}, not {@code application.yml},
     * so that gateway and worker can share one classpath (in the system tests) without one
     * shadowing the other's defaults.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties("spring.config.name=conveyor-gateway");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
