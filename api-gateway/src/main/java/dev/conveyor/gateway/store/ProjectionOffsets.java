package dev.conveyor.gateway.store;

import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Where the projection stands in each partition of a topic: the next offset it will read. */
@Repository
class ProjectionOffsets {

    private final JdbcClient jdbc;

    ProjectionOffsets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<Integer, Long> load(String topic) {
        Map<Integer, Long> offsets = new HashMap<>();
        jdbc.sql("SELECT partition_no, next_offset FROM projection_offsets WHERE topic = ?").param(topic)
                .query((RowCallbackHandler) rs -> offsets.put(rs.getInt(1), rs.getLong(2)));
        return offsets;
    }

    /**
     * Records the next offsets of some partitions; call in the transaction that wrote their rows.
     * An offset never moves back: in a store that many gateways project into, one that is behind
     * would otherwise send the next to start there replaying what the others already wrote.
     */
    void save(String topic, Map<Integer, Long> nextOffsets) {
        nextOffsets.forEach((partition, next) -> {
            int updated = jdbc.sql("UPDATE projection_offsets SET next_offset = GREATEST(next_offset, ?)"
                            + " WHERE topic = ? AND partition_no = ?")
                    .params(next, topic, partition).update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO projection_offsets (topic, partition_no, next_offset) VALUES (?, ?, ?)")
                        .params(topic, partition, next).update();
            }
        });
    }
}
