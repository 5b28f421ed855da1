package dev.conveyor.worker.consumption;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.json.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;

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

    /** Reads a fetched record; one that cannot be read becomes a pending dead letter, not an error. */
    static Pending read(ConsumerRecord<String, byte[]> record, boolean startedBefore) {
        try {
            JobRequest request = JsonSerde.read(record.value(), JobRequest.class);
            return new Pending(record, startedBefore ? request.redelivered() : request, null, startedBefore);
        } catch (SerializationException e) {
            return new Pending(record, null, e, startedBefore);
        }
    }

    TopicPartition partition() {
        return new TopicPartition(record.topic(), record.partition());
    }

    long offset() {
        return record.offset();
    }
}
