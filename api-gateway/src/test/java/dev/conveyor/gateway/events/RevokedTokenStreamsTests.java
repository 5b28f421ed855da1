package dev.conveyor.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.gateway.auth.ImportApiSecurity;
import dev.conveyor.gateway.auth.TestTokens;
import dev.conveyor.gateway.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A stream ends when its token is revoked, as soon as the gateway learns of it: here the periodic
 * recheck is an hour away, so only the revocation itself can end it.
 */
@WebMvcTest(JobEventsController.class)
@ImportApiSecurity
@Import({JobStreams.class, StreamRegistry.class, StreamTokens.class, EventsConfiguration.class,
        JobEventsTests.Topic.class, TestTokens.class})
@TestPropertySource(properties = "conveyor.gateway.events.token-recheck-interval=1h")
class RevokedTokenStreamsTests {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration SOON = Duration.ofSeconds(10);

    @Autowired
    private MockMvc mvc;

    @Autowired
    private TestTokens tokens;

    @Autowired
    private StreamRegistry registry;

    @MockitoBean
    private JobStore store;

    private JobSnapshot aRunningJob() {
        String id = UUID.randomUUID().toString();
        JobSnapshot job = JobSnapshot.running(new JobRequest(id, "sleep", null, "default", null, 1, null, "otto", T0,
                null, null, null), "w1", T0.plusSeconds(1));
        given(store.find(id)).willReturn(Optional.of(job));
        return job;
    }

    private MvcResult watch(String jobId, String bearer) throws Exception {
        MvcResult stream = mvc.perform(get("/api/v1/jobs/{id}/events", jobId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)).andExpect(request().asyncStarted()).andReturn();
        SseEvents.awaitEvent(stream, e -> e.name().equals("state"));
        return stream;
    }

    @Test
    void aStreamEndsAsSoonAsItsTokenIsRevokedWithALastEventThatSaysWhy() throws Exception {
        JobSnapshot job = aRunningJob();
        String dashboard = tokens.issue("dashboard", "VIEWER", null);
        String ci = tokens.issue("ci", "VIEWER", null);
        MvcResult revoked = watch(job.id(), dashboard);
        MvcResult kept = watch(job.id(), ci);

        tokens.revoke(dashboard);

        List<SseEvents.Event> events = SseEvents.awaitEvent(revoked, e -> e.name().equals("closed"));
        assertThat(events.getLast().name()).isEqualTo("closed");
        assertThat(events.getLast().data().get("reason").asString()).isEqualTo("token-revoked");
        await().atMost(SOON).until(() -> registry.open() == 1);
        assertThat(SseEvents.of(kept)).extracting(SseEvents.Event::name).doesNotContain("closed");
        mvc.perform(get("/api/v1/jobs/{id}/events", job.id()).header(HttpHeaders.AUTHORIZATION, "Bearer " + dashboard))
                .andExpect(status().isUnauthorized());

        registry.stored(job.toSucceeded(null, T0.plusSeconds(60)));
        await().atMost(SOON).until(() -> registry.open() == 0);
    }
}
