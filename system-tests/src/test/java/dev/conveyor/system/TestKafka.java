package dev.conveyor.system;

import static org.awaitility.Awaitility.await;

import dev.conveyor.common.json.JsonSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests that write or read Conveyor's topics behind its back. */
record TestKafka(String brokers) {

    /** Writes records as they are, acknowledged; {@code value} may be any bytes at all. */
    void send(String topic, String key, byte[]... values) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, key, value));
            }
            producer.flush();
        }
    }

    /** Writes messages as Conveyor's JSON, each keyed by {@code key.apply}. */
    <T> void sendJson(String topic, java.util.function.Function<T, String> key, List<T> messages) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(), new ByteArraySerializer())) {
            for (T message : messages) {
                producer.send(new ProducerRecord<>(topic, key.apply(message), JsonSerde.write(message)));
            }
            producer.flush();
        }
    }

    /**
     * Waits until the group has {@code members} members and each holds at least one partition of
     * {@code topic}, so that a test about several workers does not run while one of them is still joining.
     */
    void awaitEachMemberAssigned(String group, String topic, int members) {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            await("each of " + members + " members of " + group + " holds a partition of " + topic)
                    .atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
                        var described = admin.describeConsumerGroups(List.of(group)).all().get().get(group).members();
                        return described.size() == members && described.stream().allMatch(m -> m.assignment()
                                .topicPartitions().stream().anyMatch(tp -> tp.topic().equals(topic)));
                    });
        }
    }

    /** Every record of the topic's first partition, waiting until there are at least {@code atLeast}. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic, int atLeast) {
        return readAll(topic, 1, atLeast);
    }

    /** Every record of the topic's first {@code partitions}, waiting until there are at least {@code atLeast}. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic, int partitions, int atLeast) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(java.util.stream.IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p))
                    .toList());
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= atLeast;
            });
        }
        return records;
    }

    /**
     * Hands every record of every partition of the topic, from its beginning up to where it ended
     * when asked, to {@code each}, without a consumer group.
     */
    void readWhole(String topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }

    long endOffset(String topic) throws ExecutionException, InterruptedException {
        try (Admin admin = admin()) {
            return admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest())).all().get()
                    .get(new TopicPartition(topic, 0)).offset();
        }
    }

    long committedOffset(String group, String topic) throws ExecutionException, InterruptedException {
        try (Admin admin = admin()) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(topic, 0));
            return committed == null ? 0 : committed.offset();
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers));
    }
}
