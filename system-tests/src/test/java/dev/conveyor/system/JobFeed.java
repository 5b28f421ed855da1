package dev.conveyor.system;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.json.JsonSerde;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes jobs straight to a jobs topic, behind the gateway's back, with the gateway's producer
 * settings ({@code acks=all}, idempotence, {@code linger.ms=0}).
 */
final class JobFeed implements AutoCloseable {

    private final KafkaProducer<String, Object> producer;
    private final String topic;

    JobFeed(String brokers, String topic) {
        this.producer = new KafkaProducer<>(settings(brokers), new StringSerializer(), new JsonSerde.JsonSerializer());
        this.topic = topic;
    }

    /** The gateway's producer settings, for the jobs and for the plain producer of the baseline. */
    static Map<String, Object> settings(String brokers) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
    }

    /** Sends without waiting for the acknowledgement. */
    void send(JobRequest job) {
        producer.send(new ProducerRecord<>(topic, job.id(), job));
    }

    /** Sends them all and waits until every one is acknowledged. */
    void sendAll(Collection<JobRequest> jobs) {
        jobs.forEach(this::send);
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
