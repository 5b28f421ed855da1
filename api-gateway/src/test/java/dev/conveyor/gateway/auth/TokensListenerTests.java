package dev.conveyor.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * How a gateway learns the tokens from the topic: all of them from its beginning, then each change,
 * and when it has caught up with what was there at start.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokensListenerTests {

    private static final String TOPIC = "conveyor.tokens";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration SOON = Duration.ofSeconds(10);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final KnownTokens known = new KnownTokens();
    private TokensListener listener;
    private long nextOffset;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }

    /** A topic whose end, when the gateway starts, is at {@code end}. */
    private void aTopicEndingAt(long end) {
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, end));
    }

    @SuppressWarnings("unchecked")
    private void start(String adminToken) {
        ConsumerFactory<String, byte[]> consumers = mock(ConsumerFactory.class);
        given(consumers.createConsumer(null, "conveyor-gateway-" + TOPIC)).willReturn(consumer);
        listener = new TokensListener(consumers, known, new AuthProperties(adminToken, true, true,
                Duration.ofSeconds(30)), new Topics("conveyor"), Clock.systemUTC());
        listener.start();
    }

    /** Records that the next poll returns, as if written to the topic meanwhile. */
    private void written(String key, byte[]... values) {
        consumer.schedulePollTask(() -> {
            for (byte[] value : values) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, nextOffset++, key, value));
            }
        });
    }

    private static ApiToken aToken(String id) {
        return new ApiToken(id, "name-" + id, Role.OPERATOR, "ab", T0, "admin", null, null, null);
    }

    @Test
    void theGatewayLearnsEveryTokenOnTheTopicAndIsCaughtUpOnlyAtItsEnd() {
        aTopicEndingAt(3);
        written("a", JsonSerde.write(aToken("a")));
        written("b", JsonSerde.write(aToken("b")));
        start("an-admin-token-long-enough");

        await().atMost(SOON).until(() -> known.find("b").isPresent());
        assertThat(known.isCaughtUp()).as("two of three records read").isFalse();

        written("a", JsonSerde.write(aToken("a").revoked(T0.plusSeconds(5), "admin")));

        await().atMost(SOON).until(known::isCaughtUp);
        assertThat(known.find("a")).hasValueSatisfying(t -> assertThat(t.revokedAt()).isEqualTo(T0.plusSeconds(5)));
        assertThat(known.find("b")).hasValueSatisfying(t -> assertThat(t.role()).isEqualTo(Role.OPERATOR));
    }

    @Test
    void afterCatchingUpEachChangeArrives() {
        aTopicEndingAt(0);
        start(null);
        await().atMost(SOON).until(known::isCaughtUp);

        written("c", JsonSerde.write(aToken("c")));
        await().atMost(SOON).until(() -> known.find("c").isPresent());

        written("c", (byte[]) null);
        await().atMost(SOON).until(() -> known.find("c").isEmpty());
    }

    @Test
    void aRecordThatIsNotATokenIsSkipped(CapturedOutput output) {
        aTopicEndingAt(3);
        written("x", "{not json".getBytes(StandardCharsets.UTF_8));
        written("y", JsonSerde.write(aToken("someone-else"))); // its id is not its key
        written("d", JsonSerde.write(aToken("d")));
        start("an-admin-token-long-enough");

        await().atMost(SOON).until(known::isCaughtUp);
        assertThat(known.all()).extracting(ApiToken::id).containsExactly("d");
        assertThat(output).contains("Skipping unreadable API token at conveyor.tokens-0@0 (key x)")
                .contains("Skipping unreadable API token at conveyor.tokens-0@1 (key y)");
    }

    @Test
    void withNoTokenAndNoAdminTokenTheLogSaysHowToGetIn(CapturedOutput output) {
        aTopicEndingAt(0);
        start(null);

        await().atMost(SOON).until(known::isCaughtUp);
        assertThat(output).contains("No API token exists and no admin token is set: every API call answers 401")
                .contains("CONVEYOR_ADMIN_TOKEN");
    }

    @Test
    void withAnAdminTokenAnEmptyTopicIsNoCauseForAlarm(CapturedOutput output) {
        aTopicEndingAt(0);
        start("an-admin-token-long-enough");

        await().atMost(SOON).until(known::isCaughtUp);
        assertThat(output).doesNotContain("No API token exists");
    }
}
