package dev.conveyor.gateway.system;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway accepts and lists jobs.
 *
 * @param queues the queues jobs may be submitted to; a job for any other queue is refused
 *     (default {@code default})
 * @param defaultQueue the queue of a job that names none (default {@code default})
 * @param maxTimeout the longest timeout a job may ask for (default 1 hour)
 * @param publishTimeout how long a submit waits for Kafka to acknowledge the job before it
 *     answers 503 (default 10 seconds)
 * @param defaultPageSize how many jobs a list returns when the request gives no limit (default 50)
 * @param maxPageSize the largest limit a list accepts (default 500)
 */
@ConfigurationProperties("conveyor.gateway")
public record GatewayProperties(
        @DefaultValue("default") List<String> queues,
        @DefaultValue("default") String defaultQueue,
        @DefaultValue("PT1H") Duration maxTimeout,
        @DefaultValue("PT10S") Duration publishTimeout,
        @DefaultValue("50") int defaultPageSize,
        @DefaultValue("500") int maxPageSize) {
}
