package dev.conveyor.worker.consumption;

import dev.conveyor.common.jobs.JobRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A fetched record waiting for a slot (or, for a retry, for its time).
 *
 * @param record the record as fetched
 * @param request the job it asks for; {@code null} when the record could not be read
 * @param unreadable why the record could not be read; {@code null} when it could
 * @param startedBefore whether an earlier owner of the partition started it and did not finish it
 */
record Pending(ConsumerRecord<String, byte[]> record, JobRequest request, RuntimeException unreadable,
        boolean startedBefore) {

    TopicPartition partition() {
        return new TopicPartition(record.topic(), record.partition());
    }

    long offset() {
        return record.offset();
    }
}
