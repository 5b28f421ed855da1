package dev.conveyor.common.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The record format a Conveyor part writes, in the header {@value #HEADER} of every record it
 * produces (the producers of both apps name this class in {@code interceptor.classes}), so that a
 * reader of mixed gateways and workers, during a rolling upgrade, can tell how the writer meant a
 * record. Records without the header are of format 1.
 *
 * <ul>
 *   <li>1: a gateway published a job's {@code QUEUED} snapshot on the results topic, then its
 *       request; it marked a job whose request Kafka did not acknowledge {@code DEAD}
 *       ({@code not-enqueued}); workers published {@code RUNNING} as each job started.
 *   <li>2: the request alone is the record of a job's queuing; workers publish {@code RUNNING}
 *       only for jobs that run past a threshold. Payloads are unchanged: every reader of one
 *       format reads the other's records (unknown fields are ignored).
 * </ul>
 */
public final class RecordFormat implements ProducerInterceptor<Object, Object> {

    public static final String HEADER = "conveyor-format";
    public static final int CURRENT = 2;
    private static final byte[] CURRENT_BYTES = String.valueOf(CURRENT).getBytes(StandardCharsets.US_ASCII);

    /** The format of a record as its headers tell: 1 when it has none. */
    public static int of(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        if (header == null) {
            return 1;
        }
        try {
            return Integer.parseInt(new String(header.value(), StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (record.headers().lastHeader(HEADER) == null) {
            record.headers().add(HEADER, CURRENT_BYTES);
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
