package dev.conveyor.gateway.queues;

import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Reads the offsets of every queue the gateway accepts with Kafka's {@link Admin}: end and
 * beginning offsets of each queue's jobs and retries topics, and the workers' group's committed
 * offsets on them. Every call is bounded, so a request never hangs on an unreachable cluster.
 */
@Component
class OffsetsReader implements AutoCloseable {

    /** Long enough for a loaded cluster, short enough for a client waiting on the answer. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final Topics topics;
    private final List<String> queues;
    private final String groupId;
    private final Clock clock;

    OffsetsReader(KafkaAdmin kafkaAdmin, Topics topics, GatewayProperties properties, Clock clock) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(config);
        this.topics = topics;
        this.queues = List.copyOf(properties.queues());
        this.groupId = properties.workerGroupId();
        this.clock = clock;
    }

    /** @throws QueuesUnavailableException when Kafka does not answer in time */
    QueueSample read() {
        Instant at = clock.instant();
        Map<String, List<TopicPartition>> partitions = partitionsOf(queueTopics());
        List<TopicPartition> all = partitions.values().stream().flatMap(List::stream).toList();
        Map<TopicPartition, Long> ends = offsets(all, OffsetSpec.latest());
        Map<TopicPartition, Long> beginnings = offsets(all, OffsetSpec.earliest());
        Map<TopicPartition, OffsetAndMetadata> committed = await(admin.listConsumerGroupOffsets(
                Map.of(groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(all)),
                new ListConsumerGroupOffsetsOptions().timeoutMs((int) TIMEOUT.toMillis()))
                .partitionsToOffsetAndMetadata(groupId));
        Map<String, QueueOffsets> byQueue = new HashMap<>();
        for (String queue : queues) {
            List<TopicPartition> jobs = partitions.get(topics.jobs(queue));
            List<TopicPartition> retries = partitions.get(topics.retries(queue));
            byQueue.put(queue, new QueueOffsets(
                    QueueOffsets.ends(jobs, ends), QueueOffsets.committed(jobs, committed, beginnings),
                    QueueOffsets.ends(retries, ends), QueueOffsets.committed(retries, committed, beginnings)));
        }
        return new QueueSample(at, byQueue);
    }

    private List<String> queueTopics() {
        List<String> names = new ArrayList<>();
        queues.forEach(queue -> {
            names.add(topics.jobs(queue));
            names.add(topics.retries(queue));
        });
        return names;
    }

    private Map<String, List<TopicPartition>> partitionsOf(List<String> names) {
        return await(admin.describeTopics(names, new DescribeTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
                .allTopicNames()).values().stream().collect(Collectors.toMap(d -> d.name(), d -> d.partitions()
                .stream().map(p -> new TopicPartition(d.name(), p.partition())).toList()));
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(Function.identity(),
                tp -> spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = await(admin.listOffsets(request,
                new ListOffsetsOptions().timeoutMs((int) TIMEOUT.toMillis())).all());
        return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new QueuesUnavailableException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new QueuesUnavailableException("no answer within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueuesUnavailableException("interrupted", e);
        }
    }

    @Override
    public void close() {
        admin.close(TIMEOUT);
    }
}
