package dev.conveyor.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.conveyor.common.jobs.JobEvent;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.auth.ImportApiSecurity;
import dev.conveyor.gateway.store.JobStore;
import dev.conveyor.gateway.system.PacedConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Jobs' event streams on one gateway, with the job-events topic played by a mock consumer: a
 * resumed stream is served from the lines the gateway's one tail keeps, never from a consumer of
 * its own; an id this API never gave is refused; and a token, like the gateway, holds a bounded
 * number of streams.
 */
@WebMvcTest(JobEventsController.class)
@ImportApiSecurity
@Import({JobStreams.class, StreamRegistry.class, EventsConfiguration.class, JobEventsTests.Topic.class})
@TestPropertySource(properties = {
        "conveyor.gateway.events.max-streams-per-token=2",
        "conveyor.gateway.events.max-streams=3",
        "conveyor.gateway.events.replay-lines=5"})
class JobEventsTests {

    private static final String PROBLEM = "application/problem+json";
    private static final Topics TOPICS = new Topics("events-" + UUID.randomUUID().toString().substring(0, 8));
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration SOON = Duration.ofSeconds(10);

    /** The job-events topic, one partition, empty when the gateway starts; the one consumer factory. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Topic {

        @Bean
        Topics topics() {
            return TOPICS;
        }

        @Bean
        PacedConsumer<String, byte[]> jobEventsConsumer() {
            return PacedConsumer.ofAnEmptyTopic(TOPICS.jobEvents());
        }

        @Bean
        @SuppressWarnings("unchecked")
        ConsumerFactory<String, byte[]> consumers(PacedConsumer<String, byte[]> consumer) {
            ConsumerFactory<String, byte[]> consumers = mock(ConsumerFactory.class);
            given(consumers.createConsumer(any(), any())).willReturn(consumer);
            return consumers;
        }
    }

    /** Offsets go on across tests: one topic, one gateway. */
    private static final AtomicLong nextOffset = new AtomicLong();

    @Autowired
    private MockMvc mvc;

    @Autowired
    private StreamRegistry registry;

    @Autowired
    private PacedConsumer<String, byte[]> consumer;

    @Autowired
    private ConsumerFactory<String, byte[]> consumers;

    @MockitoBean
    private JobStore store;

    private final Map<String, JobSnapshot> running = new HashMap<>();

    @AfterEach
    void everyJobEndsAndSoDoItsStreams() {
        running.values().forEach(job -> registry.stored(job.toSucceeded(null, T0.plusSeconds(60))));
        await().atMost(SOON).until(() -> registry.open() == 0);
    }

    /** A job that runs, as this gateway's store knows it. */
    private String aRunningJob() {
        String id = UUID.randomUUID().toString();
        JobSnapshot job = JobSnapshot.running(new JobRequest(id, "sleep", null, "default", null, 1, null, "otto", T0,
                null, null, null), "w1", T0.plusSeconds(1));
        running.put(id, job);
        given(store.find(id)).willReturn(Optional.of(job));
        return id;
    }

    /** Progress lines of {@code jobId}, as a worker writes them; returns the offset of the first. */
    private long linesOf(String jobId, int count) {
        long first = nextOffset.getAndAdd(count);
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < count; i++) {
                JobEvent event = new JobEvent(jobId, 1, T0.plusSeconds(2 + i), JobEvent.Kind.PROGRESS,
                        "line " + (first + i), null);
                consumer.addRecord(new ConsumerRecord<>(TOPICS.jobEvents(), 0, first + i, jobId, JsonSerde.write(event)));
            }
        });
        return first;
    }

    private ResultActions watch(String jobId, String caller, String lastEventId) throws Exception {
        var request = get("/api/v1/jobs/{id}/events", jobId).with(user(caller).roles("VIEWER"));
        return mvc.perform(lastEventId == null ? request : request.header("Last-Event-ID", lastEventId));
    }

    private MvcResult stream(String jobId, String caller, String lastEventId) throws Exception {
        return watch(jobId, caller, lastEventId).andExpect(request().asyncStarted()).andReturn();
    }

    private static List<String> progressIds(List<SseEvents.Event> events) {
        return events.stream().filter(e -> e.name().equals("progress")).map(SseEvents.Event::id).toList();
    }

    @Test
    void aLastEventIdThatThisApiNeverGaveIsA400Problem() throws Exception {
        String job = aRunningJob();

        for (String bad : List.of("-1", "-42", "yesterday", "1.5", "99999999999999999999")) {
            watch(job, "vera", bad)
                    .andExpect(status().isBadRequest())
                    .andExpect(header().string("Content-Type", PROBLEM))
                    .andExpect(jsonPath("$.errors[0].parameter").value("Last-Event-ID"));
        }
        assertThat(registry.open()).isZero();
    }

    @Test
    void aResumedStreamIsServedFromTheLinesTheGatewayHoldsWithoutAConsumerOfItsOwn() throws Exception {
        String job = aRunningJob();
        MvcResult live = stream(job, "vera", null);
        long first = linesOf(job, 3);
        SseEvents.awaitLine(live, first + 2);

        MvcResult resumed = stream(job, "walt", Long.toString(first));
        List<SseEvents.Event> events = SseEvents.awaitLine(resumed, first + 2);

        assertThat(events.getFirst().name()).isEqualTo("state");
        assertThat(events.getFirst().id()).isEqualTo(Long.toString(first));
        assertThat(events).extracting(SseEvents.Event::name).doesNotContain("reset");
        assertThat(progressIds(events)).containsExactly(Long.toString(first + 1), Long.toString(first + 2));
        assertThat(mockingDetails(consumers).getInvocations()).as("the tail's consumer alone").hasSize(1);
    }

    @Test
    void aResumeFromBeforeTheLinesTheGatewayHoldsIsToldSoThenGetsThoseItHolds() throws Exception {
        String job = aRunningJob();
        MvcResult live = stream(job, "vera", null);
        // Five lines are held: the first three of these eight are gone.
        long first = linesOf(job, 8);
        SseEvents.awaitLine(live, first + 7);

        MvcResult resumed = stream(job, "walt", Long.toString(first + 1));
        List<SseEvents.Event> events = SseEvents.awaitLine(resumed, first + 7);

        assertThat(events).extracting(SseEvents.Event::name).startsWith("state", "reset");
        SseEvents.Event reset = events.get(1);
        assertThat(reset.id()).isEqualTo(Long.toString(first + 2));
        assertThat(reset.data().get("jobId").asString()).isEqualTo(job);
        assertThat(reset.data().get("reason").asString()).isEqualTo("lines-not-held");
        assertThat(progressIds(events)).containsExactly(Long.toString(first + 3), Long.toString(first + 4),
                Long.toString(first + 5), Long.toString(first + 6), Long.toString(first + 7));
    }

    @Test
    void aTokenHoldsAtMostItsShareOfStreams() throws Exception {
        String job = aRunningJob();
        stream(job, "alice", null);
        stream(job, "alice", null);

        watch(job, "alice", null)
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "10"))
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.title").value("Too many streams"));
        stream(job, "bob", null);
        assertThat(registry.open()).isEqualTo(3);
    }

    @Test
    void theGatewayHoldsAtMostItsStreamsAndAStreamThatEndsFreesItsPlace() throws Exception {
        String job = aRunningJob();
        String other = aRunningJob();
        stream(job, "alice", null);
        stream(job, "alice", null);
        stream(other, "bob", null);

        watch(job, "carol", null)
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "10"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("this gateway holds 3")));

        registry.stored(running.remove(other).toSucceeded(null, T0.plusSeconds(30)));
        await().atMost(SOON).until(() -> registry.open() == 2);
        stream(job, "carol", null);
    }
}
