package dev.conveyor.gateway.system;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The whole gateway on a random port (and behind {@code MockMvc}), in front of an embedded Kafka
 * broker, with its store in memory. Its {@link KafkaTemplate} is a mock: what a test sends is
 * seen there and reaches no topic. Test classes with this one annotation share one gateway.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.datasource.url=jdbc:h2:mem:running-gateway;DB_CLOSE_DELAY=-1",
        "conveyor.topics.partitions=1"})
@EmbeddedKafka
@AutoConfigureMockMvc
@MockitoBean(types = KafkaTemplate.class)
@interface RunningGateway {
}
