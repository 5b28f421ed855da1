package dev.conveyor.gateway.system;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The whole gateway on a random port, in front of an embedded Kafka broker, with its store in
 * memory. Test classes with this one annotation share one running gateway.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.datasource.url=jdbc:h2:mem:running-gateway;DB_CLOSE_DELAY=-1",
        "conveyor.topics.partitions=1"})
@EmbeddedKafka
@interface RunningGateway {
}
