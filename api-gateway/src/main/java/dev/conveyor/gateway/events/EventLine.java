package dev.conveyor.gateway.events;

import dev.conveyor.common.jobs.JobEvent;
import dev.conveyor.common.json.JsonSerde;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A job's progress or log line and where it is in the job-events topic.
 *
 * @param partition the partition that holds it, the same for every line of its job
 * @param offset the line's offset there, which is its event id in a stream
 */
record EventLine(int partition, long offset, JobEvent event) {

    /** The line a record holds, unless it holds none that can be read. */
    static Optional<EventLine> of(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new EventLine(record.partition(), record.offset(),
                    JsonSerde.read(record.value(), JobEvent.class)));
        } catch (SerializationException | NullPointerException e) {
            // Not a line this gateway can show; the job's state is told by its snapshots anyway.
            return Optional.empty();
        }
    }

    String jobId() {
        return event.jobId();
    }
}
