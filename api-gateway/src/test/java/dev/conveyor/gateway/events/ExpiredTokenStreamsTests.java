package dev.conveyor.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.gateway.auth.ImportApiSecurity;
import dev.conveyor.gateway.auth.MutableClock;
import dev.conveyor.gateway.auth.TestTokens;
import dev.conveyor.gateway.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A stream's token is checked again every {@code token-recheck-interval} (here 200 ms): the stream
 * ends once its token has expired, or once its gateway has not heard from the tokens topic for
 * longer than {@code tokens-max-staleness} (here an hour), which bounds how long a revocation the
 * gateway cannot read goes unseen.
 */
@WebMvcTest(JobEventsController.class)
@ImportApiSecurity
@Import({JobStreams.class, StreamRegistry.class, StreamTokens.class, EventsConfiguration.class,
        JobEventsTests.Topic.class, TestTokens.class, ExpiredTokenStreamsTests.Clocks.class})
@TestPropertySource(properties = {
        "conveyor.gateway.events.token-recheck-interval=200ms",
        "conveyor.gateway.auth.tokens-max-staleness=1h"})
class ExpiredTokenStreamsTests {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration SOON = Duration.ofSeconds(10);

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock clock() {
            return new MutableClock(T0);
        }
    }

    @Autowired
    private MockMvc mvc;

    @Autowired
    private TestTokens tokens;

    @Autowired
    private StreamRegistry registry;

    @Autowired
    private MutableClock clock;

    @MockitoBean
    private JobStore store;

    private JobSnapshot job;

    @BeforeEach
    void aRunningJobOnAGatewayThatHasJustHeardFromTheTokensTopic() {
        tokens.lastHeardFromTheTokensTopicAt(clock.instant());
        String id = UUID.randomUUID().toString();
        job = JobSnapshot.running(new JobRequest(id, "sleep", null, "default", null, 1, null, "otto", T0, null, null,
                null), "w1", T0.plusSeconds(1));
        given(store.find(id)).willReturn(Optional.of(job));
    }

    @AfterEach
    void theJobEnds() {
        registry.stored(job.toSucceeded(null, T0.plusSeconds(1)));
        await().atMost(SOON).until(() -> registry.open() == 0);
    }

    private MvcResult watch(String bearer) throws Exception {
        MvcResult stream = mvc.perform(get("/api/v1/jobs/{id}/events", job.id())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)).andExpect(request().asyncStarted()).andReturn();
        SseEvents.awaitEvent(stream, e -> e.name().equals("state"));
        return stream;
    }

    private static String reasonItClosed(MvcResult stream) {
        List<SseEvents.Event> events = SseEvents.awaitEvent(stream, e -> e.name().equals("closed"));
        assertThat(events.getLast().name()).isEqualTo("closed");
        return events.getLast().data().get("reason").asString();
    }

    @Test
    void aStreamEndsOnceItsTokenHasExpired() throws Exception {
        String token = tokens.issue("dashboard", "VIEWER", clock.instant().plusSeconds(60));
        MvcResult stream = watch(token);

        clock.advance(Duration.ofSeconds(61));

        assertThat(reasonItClosed(stream)).isEqualTo("token-expired");
    }

    @Test
    void aStreamEndsOnceItsGatewayHasNotHeardFromTheTokensTopicForLongerThanItMayTrustItsTokens() throws Exception {
        String token = tokens.issue("dashboard", "VIEWER", null);
        MvcResult stream = watch(token);

        clock.advance(Duration.ofHours(1));
        // At the bound itself, still trusted: a few rechecks pass without ending it.
        await().during(Duration.ofMillis(700)).atMost(SOON)
                .until(() -> SseEvents.of(stream).stream().noneMatch(e -> e.name().equals("closed")));
        clock.advance(Duration.ofSeconds(1));

        assertThat(reasonItClosed(stream)).isEqualTo("tokens-stale");
        mvc.perform(get("/api/v1/jobs/{id}/events", job.id()).header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "5"));
    }
}
