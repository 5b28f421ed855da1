package dev.conveyor.gateway.queues;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The arithmetic of depths and rates, from offsets as Kafka reports them. */
class QueueSampleTests {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("c.jobs.default", 0);
    private static final TopicPartition P1 = new TopicPartition("c.jobs.default", 1);

    private static QueueSample aSample(Instant at, long enqueued, long taken) {
        return new QueueSample(at, Map.of("default", new QueueOffsets(enqueued, taken, 0, 0)));
    }

    @Test
    void aPartitionWithoutACommittedOffsetIsWaitingFromItsBeginning() {
        var ends = Map.of(P0, 120L, P1, 50L);
        var beginnings = Map.of(P0, 100L, P1, 0L);
        var committed = Map.of(P0, new OffsetAndMetadata(110)); // P1: the workers never committed

        long enqueued = QueueOffsets.ends(List.of(P0, P1), ends);
        long taken = QueueOffsets.committed(List.of(P0, P1), committed, beginnings);

        assertThat(new QueueOffsets(enqueued, taken, 0, 0).depth()).isEqualTo(10 + 50);
    }

    @Test
    void aRateIsTheGrowthPerSecondSinceTheEarlierSample() {
        QueueSample earlier = aSample(T0, 100, 90);
        QueueSample now = aSample(T0.plusSeconds(8), 120, 91);

        assertThat(now.perSecond(earlier, "default", QueueOffsets::enqueued)).isEqualTo(2.5);
        assertThat(now.perSecond(earlier, "default", QueueOffsets::taken)).isEqualTo(0.13);
    }

    @Test
    void withoutAnEarlierSampleTheRateIsZero() {
        assertThat(aSample(T0, 100, 90).perSecond(null, "default", QueueOffsets::enqueued)).isZero();
        assertThat(aSample(T0, 100, 90).perSecond(aSample(T0, 0, 0), "default", QueueOffsets::enqueued)).isZero();
    }

    @Test
    void offsetsThatWentBackAreNoNegativeRate() {
        assertThat(aSample(T0.plusSeconds(5), 3, 3).perSecond(aSample(T0, 100, 90), "default",
                QueueOffsets::enqueued)).isZero();
    }
}
