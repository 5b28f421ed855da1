package dev.conveyor.system;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.json.JsonSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The limit of the Kafka under the suite: a plain producer with the gateway's settings writes as
 * many {@code noop} job records as the throughput scenario runs jobs (same size, to a scratch topic
 * with the jobs topic's partitions), waiting for every acknowledgement; then a tuned producer
 * ({@link #TUNED}, the records serialised before its clock starts) writes them again; then a plain
 * consumer reads them all back. Each after a warm-up of a tenth as many records.
 */
final class BaselineScenario implements Scenario {

    /**
     * The fastest settings found for this producer on the launcher's broker (docs/performance.md):
     * still {@code acks=all} and idempotent, as every Conveyor producer is.
     */
    static final Map<String, Object> TUNED = Map.of(ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 1_048_576, ProducerConfig.BUFFER_MEMORY_CONFIG, 134_217_728L);

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        int records = context.options().jobs();
        int warmUp = Math.max(1_000, records / 10);
        int partitions = context.partitions();
        String topic = context.topics().prefix() + ".bench-baseline";
        try (var admin = context.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            BenchContext.awaitLeaders(admin, List.of(topic));
        }
        int recordBytes = JsonSerde.write(Bench.noop(context.options().recordBytes())).length;
        int bytes = context.options().recordBytes();
        double produced;
        try (var producer = new KafkaProducer<String, Object>(JobFeed.settings(context.brokers()),
                new StringSerializer(), new JsonSerde.JsonSerializer())) {
            // The producer serialises each job as it sends it, as the gateway's does.
            produced = recordsPerSecond(producer, topic, keyed(jobs(warmUp, bytes), job -> job),
                    keyed(jobs(records, bytes), job -> job));
        }
        double tuned;
        Map<String, Object> tunedSettings = new HashMap<>(TUNED);
        tunedSettings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, context.brokers());
        try (var producer = new KafkaProducer<String, byte[]>(tunedSettings, new StringSerializer(),
                new ByteArraySerializer())) {
            tuned = recordsPerSecond(producer, topic, keyed(jobs(warmUp, bytes), JsonSerde::write),
                    keyed(jobs(records, bytes), JsonSerde::write));
        }
        consume(context.brokers(), topic, partitions, warmUp); // warm-up: the first records
        double consumed = consume(context.brokers(), topic, partitions, warmUp + records);

        ScenarioResult result = new ScenarioResult(name())
                .put("records", records).put("warmUpRecords", warmUp).put("recordBytes", recordBytes)
                .put("partitions", partitions)
                .put("producerSettings", "acks=all, enable.idempotence=true, linger.ms=0, batch.size=256 KiB (the gateway's)")
                .put("producerRecordsPerSecond", produced).put("consumerRecordsPerSecond", consumed)
                .put("tunedProducerSettings", "acks=all, enable.idempotence=true, linger.ms=5, batch.size=1 MiB, "
                        + "records serialised before the clock starts")
                .put("tunedProducerRecordsPerSecond", tuned);
        String what = Bench.count(records) + " records of " + recordBytes + " B, " + partitions + " partitions";
        result.row("raw producer (acks=all)", Bench.count(produced) + " records/s", what, "", "");
        result.row("tuned raw producer (acks=all)", Bench.count(tuned) + " records/s", "the same records, "
                + "serialised beforehand, linger.ms=5, batch.size=1 MiB", "", "");
        result.row("raw consumer", Bench.count(consumed) + " records/s", "the same records, from the start", "", "");
        return result;
    }

    private static List<JobRequest> jobs(int count, int recordBytes) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> Bench.noop(recordBytes)).toList();
    }

    /** Each job keyed by its id, with the value {@code value} makes of it (now, before any clock starts). */
    private static <V> List<Map.Entry<String, V>> keyed(List<JobRequest> jobs, Function<JobRequest, V> value) {
        return jobs.stream().map(job -> Map.entry(job.id(), value.apply(job))).toList();
    }

    /** Sends the warm-up records, then the timed ones, each time waiting for every acknowledgement: records/s of the timed. */
    private static <V> double recordsPerSecond(KafkaProducer<String, V> producer, String topic,
            List<Map.Entry<String, V>> warmUp, List<Map.Entry<String, V>> timed) throws Exception {
        produce(producer, topic, warmUp);
        long start = System.nanoTime();
        produce(producer, topic, timed);
        return timed.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static <V> void produce(KafkaProducer<String, V> producer, String topic, List<Map.Entry<String, V>> records)
            throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (Map.Entry<String, V> record : records) {
            acks.add(producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(); // throws unless Kafka acknowledged it
        }
    }

    /** Reads the topic from its beginning until {@code records} were read: records/s. */
    private static double consume(String brokers, String topic, int partitions, int records) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = java.util.stream.IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long start = System.nanoTime();
            int read = 0;
            while (read < records) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            return read / ((System.nanoTime() - start) / 1e9);
        }
    }
}
