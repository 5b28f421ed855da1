package dev.conveyor.worker.consumption;

import org.apache.kafka.common.TopicPartition;

/** What job threads tell the polling thread about a record. */
sealed interface RecordEvent {

    /** The job's {@code RUNNING} snapshot is in Kafka: should it end with its worker, its next run is a further attempt. */
    record Announced(TopicPartition partition, long offset) implements RecordEvent {
    }

    /** The job ended: {@code done} when its end is in Kafka, not when it was released to run again elsewhere. */
    record Finished(TopicPartition partition, long offset, boolean done) implements RecordEvent {
    }
}
