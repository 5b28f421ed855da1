package dev.conveyor.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

class KafkaReachabilityTests {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final Admin admin = mock(Admin.class);

    @Test
    void aClusterThatDescribesItselfIsReachableAndTheAnswerIsKeptForItsMaxAge() {
        answer(KafkaFuture.completedFuture(List.of(new Node(1, "b1", 9092), new Node(2, "b2", 9092))));
        KafkaReachability reachability = at(NOW);

        KafkaReachability.Answer answer = reachability.check();
        reachability.check();

        assertThat(answer.reachable()).isTrue();
        assertThat(answer.brokers()).isEqualTo(2);
        verify(admin, times(1)).describeCluster(any());
    }

    @Test
    void aClusterThatFailsToAnswerIsUnreachableWithTheReason() {
        KafkaFutureImpl<Collection<Node>> failed = new KafkaFutureImpl<>();
        failed.completeExceptionally(new TimeoutException("Timed out waiting for a node assignment"));
        answer(failed);

        KafkaReachability.Answer answer = at(NOW).check();

        assertThat(answer.reachable()).isFalse();
        assertThat(answer.problem()).contains("Timed out waiting for a node assignment");
    }

    private void answer(KafkaFuture<Collection<Node>> nodes) {
        DescribeClusterResult result = mock(DescribeClusterResult.class);
        given(result.nodes()).willReturn(nodes);
        given(admin.describeCluster(any())).willReturn(result);
    }

    private KafkaReachability at(Instant now) {
        return new KafkaReachability(admin, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Clock.fixed(now, ZoneOffset.UTC));
    }
}
