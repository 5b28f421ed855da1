package dev.conveyor.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.system.PacedConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import tools.jackson.databind.json.JsonMapper;

/**
 * How late a revocation can take effect on a gateway that cannot read it: the gateway trusts what
 * it knows of tokens for {@code tokens-max-staleness} after it last confirmed with the broker that
 * it had read the whole tokens topic, and then vouches for no token but the admin token (503).
 */
class TokenStalenessTests {

    private static final String TOPIC = "conveyor.tokens";
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final Duration SOON = Duration.ofSeconds(10);
    private static final String ADMIN_TOKEN = "an-admin-token-long-enough";

    /** The tokens topic, whose broker can stop answering where the topic ends. */
    private static final class Broker extends PacedConsumer<String, byte[]> {

        private volatile boolean away;

        @Override
        public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
            if (away) {
                throw new TimeoutException("no answer within " + timeout);
            }
            return super.endOffsets(partitions, timeout);
        }
    }

    private final MutableClock clock = new MutableClock(T0);
    private final KnownTokens known = new KnownTokens();
    private final Broker broker = new Broker();
    private final AuthProperties properties = new AuthProperties(ADMIN_TOKEN, true, true, BOUND);
    private final TokenAuthenticationProvider provider = new TokenAuthenticationProvider(known, properties, clock);
    private TokensListener listener;
    private long nextOffset;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }

    @SuppressWarnings("unchecked")
    private TokensListener aListenerOfAnEmptyTopic() {
        PacedConsumer<String, byte[]> topic = PacedConsumer.ofAnEmptyTopic(TOPIC);
        broker.updatePartitions(TOPIC, topic.partitionsFor(TOPIC));
        broker.updateBeginningOffsets(Map.of(new TopicPartition(TOPIC, 0), 0L));
        broker.updateEndOffsets(Map.of(new TopicPartition(TOPIC, 0), 0L));
        ConsumerFactory<String, byte[]> consumers = mock(ConsumerFactory.class);
        given(consumers.createConsumer(null, "conveyor-gateway-" + TOPIC)).willReturn(broker);
        return new TokensListener(consumers, known, properties, new Topics("conveyor"), clock);
    }

    /** A token record the next poll returns, as if written to the topic meanwhile. */
    private void written(ApiToken token) {
        broker.schedulePollTask(() -> {
            broker.addRecord(new ConsumerRecord<>(TOPIC, 0, nextOffset++, token.id(), JsonSerde.write(token)));
            broker.updateEndOffsets(Map.of(new TopicPartition(TOPIC, 0), nextOffset));
        });
    }

    private Authentication present(String token) {
        return provider.authenticate(BearerAuthentication.presented(token));
    }

    @Test
    void aRevocationThisGatewayCannotReadStopsItsTokenWithinTheBoundAllTheSame() {
        listener = aListenerOfAnEmptyTopic();
        listener.start();
        String secret = TokenSecrets.newSecret();
        ApiToken token = new ApiToken(TokenSecrets.newId(), "ci", Role.OPERATOR, TokenSecrets.sha256Hex(secret), T0,
                "admin", null, null, null);
        String bearer = TokenSecrets.format(token.id(), secret);
        written(token);
        await().atMost(SOON).until(() -> known.find(token.id()).isPresent() && known.upToDateAt().isPresent());
        assertThat(present(bearer).getName()).isEqualTo("ci");

        // Cut off from the broker: the revocation written meanwhile cannot reach this gateway.
        broker.away = true;
        clock.advance(BOUND);
        assertThat(present(bearer).getName()).as("trusted up to the bound").isEqualTo("ci");
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> present(bearer)).isInstanceOf(TokensStaleException.class)
                .hasMessageContaining("since " + T0).hasMessageContaining("tokens-max-staleness");
        assertThat(present(ADMIN_TOKEN).getName()).as("the admin token is this gateway's own").isEqualTo("admin");

        broker.away = false;
        written(token.revoked(T0.plusSeconds(5), "admin"));
        await().atMost(SOON).until(() -> known.find(token.id()).orElseThrow().isRevoked()
                && known.isCurrent(clock.instant(), BOUND));
        assertThatThrownBy(() -> present(bearer)).isInstanceOf(DisabledException.class);
    }

    @Test
    void beforeItFirstHearsFromTheTokensTopicAGatewayVouchesForNoTokenButTheAdminToken() {
        listener = aListenerOfAnEmptyTopic();
        String secret = TokenSecrets.newSecret();
        ApiToken token = new ApiToken(TokenSecrets.newId(), "ci", Role.OPERATOR, TokenSecrets.sha256Hex(secret), T0,
                "admin", null, null, null);
        known.put(token);

        assertThat(known.upToDateAt()).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> present(TokenSecrets.format(token.id(), secret)))
                .isInstanceOf(TokensStaleException.class).hasMessageContaining("not read the API tokens from Kafka yet");
        assertThat(present(ADMIN_TOKEN).getName()).isEqualTo("admin");
    }

    @Test
    void aGatewayThatCannotVouchForATokenAnswers503WithRetryAfterNot401() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs");
        MockHttpServletResponse response = new MockHttpServletResponse();

        new AuthProblems(JsonMapper.builder().build()).commence(request, response, new TokensStaleException(T0, BOUND));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"status\":503", "conveyor.gateway.auth.tokens-max-staleness");
    }
}
