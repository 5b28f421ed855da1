package dev.conveyor.gateway.system;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.conveyor.gateway.audit.AuditTrail;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The whole gateway on a random port (and behind {@code MockMvc}), in front of an embedded Kafka
 * broker, with its store in memory. Its {@link KafkaTemplate} is a mock: what a test sends is
 * seen there and reaches no topic, and so is its {@link AuditTrail}. Test classes with this one
 * annotation share one gateway.
 * {@code MockMvc} calls it with {@link #ADMIN_TOKEN} unless a request sets its own
 * {@code Authorization}; requests over HTTP send it themselves.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.datasource.url=jdbc:h2:mem:running-gateway;DB_CLOSE_DELAY=-1",
        "conveyor.topics.partitions=1",
        "conveyor.gateway.auth.admin-token=" + RunningGateway.ADMIN_TOKEN})
@EmbeddedKafka
@AutoConfigureMockMvc
// The audit trail is a stand-in too, so that what reaches the KafkaTemplate is what the test made.
@MockitoBean(types = {KafkaTemplate.class, AuditTrail.class})
@Import(RunningGateway.AsAdmin.class)
@interface RunningGateway {

    String ADMIN_TOKEN = "running-gateway-admin-token";

    /** Every {@code MockMvc} request carries the admin token unless it names another. */
    @TestConfiguration(proxyBeanMethods = false)
    class AsAdmin {

        @Bean
        MockMvcBuilderCustomizer adminTokenByDefault() {
            return builder -> builder.defaultRequest(get("/").header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN));
        }
    }
}
