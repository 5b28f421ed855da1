package dev.conveyor.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.conveyor.common.jobs.CancelRequest;
import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.jobs.RetryPolicy;
import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.gateway.auth.ImportApiSecurity;
import dev.conveyor.gateway.store.InvalidCursorException;
import dev.conveyor.gateway.store.JobPage;
import dev.conveyor.gateway.store.JobStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The jobs API with Kafka and the store mocked: what callers see, above all when they get it wrong. */
@WebMvcTest(JobsController.class)
@ImportApiSecurity
@Import({JobSubmission.class, JobRelaunch.class, JobRequestFactory.class, JobQueueing.class, JobCancellation.class,
        JobCounters.class, SimpleMeterRegistry.class, JobsControllerTests.FixedClock.class})
class JobsControllerTests {

    private static final String PROBLEM = "application/problem+json";
    private static final Instant NOW = Instant.parse("2026-11-24T10:05:00Z");

    @TestConfiguration
    static class FixedClock {

        @Bean
        @Primary
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }

        @Bean
        SecretBox secretBox() {
            return new SecretBox(List.of());
        }
    }

    @Autowired
    private MockMvc mvc;

    @Autowired
    private SimpleMeterRegistry meters;

    @MockitoBean
    private JobPublisher publisher;

    @MockitoBean
    private JobStore store;

    @MockitoBean
    private TemplateJobs templates;

    @BeforeEach
    void kafkaAcknowledgesEverything() {
        PublishingStubs.kafkaAcknowledgesEverything(publisher, store);
    }

    @SuppressWarnings("unchecked")
    private final ArgumentCaptor<List<JobRequest>> requests = ArgumentCaptor.forClass(List.class);

    /** An operator, who may submit and cancel. */
    private static RequestPostProcessor otto() {
        return user("otto").roles("OPERATOR");
    }

    /** A viewer, who may only read. */
    private static RequestPostProcessor vera() {
        return user("vera").roles("VIEWER");
    }

    private ResultActions submit(String body) throws Exception {
        return mvc.perform(post("/api/v1/jobs").with(otto()).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions cancel(String id) throws Exception {
        return mvc.perform(post("/api/v1/jobs/{id}/cancel", id).with(otto()));
    }

    private ResultActions read(String uri) throws Exception {
        return mvc.perform(get(uri).with(vera()));
    }

    private static JobRequest aNoopRequest(String id) {
        return new JobRequest(id, "noop", null, "default", null, 1, null, "otto",
                Instant.parse("2026-11-24T10:00:00Z"), null, null, null);
    }

    private static JobSnapshot aQueuedNoop(String id) {
        return JobSnapshot.queued(aNoopRequest(id));
    }

    private static JobSnapshot aRunningNoop(String id) {
        return JobSnapshot.running(aNoopRequest(id), "w1", Instant.parse("2026-11-24T10:01:00Z"));
    }

    private static JobSnapshot aRetryingNoop(String id) {
        return aRunningNoop(id).toRetrying(new JobError("unreachable", "no route"), NOW.plusSeconds(30));
    }

    private static JobSnapshot aSucceededNoop(String id) {
        return aRunningNoop(id).toSucceeded(null, Instant.parse("2026-11-24T10:02:00Z"));
    }

    @Test
    void anAcceptedJobIsPublishedThenStoredAndAnswers202WithItsLocation() throws Exception {
        submit("{\"type\":\"http\",\"params\":{\"url\":\"https://example.org\"}}")
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", containsString("/api/v1/jobs/")))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.queue").value("default"))
                .andExpect(jsonPath("$.attempt").value(1))
                .andExpect(jsonPath("$.params.expectStatus").value(200))
                .andExpect(jsonPath("$.submittedBy").value("otto"));

        InOrder order = inOrder(publisher, store);
        order.verify(publisher).publish(anyList());
        order.verify(store).applyQueued(anyList());
    }

    @Test
    void malformedJsonIsA400Problem() throws Exception {
        submit("{\"type\": \"noop\",")
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.title").value("Unreadable request body"))
                .andExpect(jsonPath("$.detail", containsString("not valid JSON")));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void anUnknownTypeNamesTheKnownOnes() throws Exception {
        submit("{\"type\":\"teleport\"}")
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.errors[0].pointer").value("/type"))
                .andExpect(jsonPath("$.errors[0].detail", containsString("[command, dns, http, noop, profile, sleep, tcp, tls]")));
    }

    @Test
    void aCommandJobIsRefusedEvenFromAnAdminForItRunsOnlyFromATemplate() throws Exception {
        String command = "{\"type\":\"command\",\"params\":{\"executable\":\"/usr/bin/id\"}}";

        for (RequestPostProcessor caller : List.of(otto(), user("ada").roles("ADMIN"))) {
            mvc.perform(post("/api/v1/jobs").with(caller).contentType(MediaType.APPLICATION_JSON).content(command))
                    .andExpect(status().isBadRequest())
                    .andExpect(header().string("Content-Type", PROBLEM))
                    .andExpect(jsonPath("$.errors.length()").value(1))
                    .andExpect(jsonPath("$.errors[0].pointer").value("/type"))
                    .andExpect(jsonPath("$.errors[0].detail").value(
                            "command jobs run only from a template an admin wrote: POST /api/v1/templates/{id}/launch"));
        }
        then(publisher).shouldHaveNoInteractions();
        then(store).shouldHaveNoInteractions();
    }

    @Test
    void aMissingTypeIsNamed() throws Exception {
        submit("{\"params\":{}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/type"));
    }

    @Test
    void invalidParametersPointAtTheField() throws Exception {
        submit("{\"type\":\"sleep\",\"params\":{\"duration\":\"forever\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/params/duration"));
    }

    @Test
    void aProfileOfTooManyControlsIsA400NamingTheLimit() throws Exception {
        StringBuilder controls = new StringBuilder();
        for (int i = 0; i < 1_001; i++) {
            controls.append(i == 0 ? "" : ",").append("{\"id\":\"c").append(i)
                    .append("\",\"check\":{\"type\":\"tcp\",\"params\":{\"host\":\"${target}\",\"port\":22}}}");
        }
        submit("{\"type\":\"profile\",\"params\":{\"profile\":{\"id\":\"big\",\"controls\":[" + controls
                + "]},\"inventory\":{\"targets\":[\"a\"]}}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].pointer").value("/params/profile/controls"))
                .andExpect(jsonPath("$.errors[0].detail", containsString("at most 1000 per profile")));
    }

    @Test
    void aBadQueueAndTimeoutAndParamsAreAllReportedAtOnce() throws Exception {
        submit("{\"type\":\"sleep\",\"queue\":\"nowhere\",\"timeout\":\"PT2H\",\"params\":{}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/queue"))
                .andExpect(jsonPath("$.errors[0].detail", containsString("[default]")))
                .andExpect(jsonPath("$.errors[1].pointer").value("/timeout"))
                .andExpect(jsonPath("$.errors[2].pointer").value("/params/duration"));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aRetryPolicyIsPassedOnWithTheJobAndShown() throws Exception {
        submit("""
                {"type":"noop","retry":{"maxAttempts":3,"initialDelay":"PT2S","retryOn":["unreachable"]}}""")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.maxAttempts").value(3));

        then(publisher).should().publish(requests.capture());
        assertThat(requests.getValue().getFirst().retry()).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(2), null, null, null,
                Set.of("unreachable")));
    }

    @Test
    void aJobWithoutARetryPolicyIsTriedOnce() throws Exception {
        submit("{\"type\":\"noop\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.maxAttempts").value(1));

        then(publisher).should().publish(requests.capture());
        assertThat(requests.getValue().getFirst().retry()).isEqualTo(RetryPolicy.NONE);
    }

    @Test
    void anInvalidRetryPolicyIsReportedUnderRetryWithEveryOtherProblem() throws Exception {
        submit("""
                {"type":"sleep","queue":"nowhere","params":{},
                 "retry":{"maxAttempts":0,"multiplier":0.5,"jitter":2,"maxDelay":"P2D"}}""")
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.errors[*].pointer").value(contains("/queue", "/params/duration",
                        "/retry/maxAttempts", "/retry/maxDelay", "/retry/multiplier", "/retry/jitter")))
                .andExpect(jsonPath("$.errors[2].detail").value("must be between 1 and 100"));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aRetryFieldOfTheWrongTypeIsUnreadableAndNamed() throws Exception {
        submit("{\"type\":\"noop\",\"retry\":{\"maxAttempts\":\"many\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("/retry/maxAttempts")));
    }

    @Test
    void aTimeoutThatIsNotADurationIsUnreadable() throws Exception {
        submit("{\"type\":\"noop\",\"timeout\":\"soon\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("/timeout")));
    }

    @Test
    void whenKafkaDoesNotAcknowledgeTheAnswerIs503WithRetryAfter() throws Exception {
        willAnswer(call -> List.of(new RuntimeException("broker down")))
                .given(publisher).publish(anyList());

        submit("{\"type\":\"noop\"}")
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.detail", containsString("same Idempotency-Key")));
        then(store).should().applyQueued(List.of());
    }

    @Test
    void aKnownJobIsShown() throws Exception {
        given(store.find("j1")).willReturn(Optional.of(aQueuedNoop("j1")));

        read("/api/v1/jobs/j1")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("j1"))
                .andExpect(jsonPath("$.status").value("QUEUED"));
    }

    @Test
    void anUnknownJobIsA404Problem() throws Exception {
        given(store.find("nope")).willReturn(Optional.empty());

        read("/api/v1/jobs/nope")
                .andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.detail", endsWith("'nope'")));
    }

    @Test
    void aListPassesItsFiltersAndReturnsTheCursor() throws Exception {
        given(store.list(any())).willReturn(new JobPage(List.of(aQueuedNoop("j2")), "next"));

        read("/api/v1/jobs?status=QUEUED,RUNNING&type=noop&limit=1")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value("j2"))
                .andExpect(jsonPath("$.nextCursor").value("next"));
    }

    @Test
    void anUnknownStatusListsTheStates() throws Exception {
        read("/api/v1/jobs?status=DONE")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].parameter").value("status"))
                .andExpect(jsonPath("$.detail", containsString("SUCCEEDED")));
    }

    @Test
    void aLimitOutOfRangeIsRefused() throws Exception {
        read("/api/v1/jobs?limit=0").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].parameter").value("limit"));
        read("/api/v1/jobs?limit=501").andExpect(status().isBadRequest());
    }

    @Test
    void aForgedCursorIsRefused() throws Exception {
        given(store.list(any())).willThrow(new InvalidCursorException("forged"));

        read("/api/v1/jobs?cursor=forged")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].parameter").value("cursor"));
    }

    @Test
    void cancelingAnUnknownJobIsA404Problem() throws Exception {
        given(store.find("nope")).willReturn(Optional.empty());

        cancel("nope")
                .andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.detail", endsWith("'nope'")));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void cancelingAJobThatAlreadyEndedIsA409ProblemNamingItsStatus() throws Exception {
        given(store.find("j1")).willReturn(Optional.of(aSucceededNoop("j1")));

        cancel("j1")
                .andExpect(status().isConflict())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.jobStatus").value("SUCCEEDED"))
                .andExpect(jsonPath("$.detail", containsString("already ended SUCCEEDED")));
        then(publisher).shouldHaveNoInteractions();
        then(store).should(never()).apply(any());
    }

    @Test
    void aQueuedJobIsCanceledAtOnceThroughKafkaAndInTheStore() throws Exception {
        given(store.find("j1")).willReturn(Optional.of(aQueuedNoop("j1")));
        given(store.apply(any())).willReturn(true);
        double canceledBefore = canceledCount();

        cancel("j1")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("CANCELED"))
                .andExpect(jsonPath("$.error.kind").value("canceled"))
                .andExpect(jsonPath("$.error.message").value("canceled by otto"))
                .andExpect(jsonPath("$.finishedAt").value("2026-11-24T10:05:00Z"));

        JobSnapshot canceled = aQueuedNoop("j1").toUnsuccessful(JobStatus.CANCELED,
                new JobError("canceled", "canceled by otto"), NOW);
        InOrder order = inOrder(publisher, store);
        order.verify(publisher).publishCancel(new CancelRequest("j1", "otto", NOW));
        order.verify(publisher).publishCanceled(canceled);
        order.verify(store).apply(canceled);
        assertThat(canceledCount()).as("counted once").isEqualTo(canceledBefore + 1);
    }

    /** Counted in the context's registry, which tests that share the context share too. */
    private double canceledCount() {
        var counter = meters.find("conveyor.jobs.completed").tags("status", "CANCELED", "type", "noop").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aJobWaitingForItsNextAttemptIsCanceledAtOnce() throws Exception {
        given(store.find("j1")).willReturn(Optional.of(aRetryingNoop("j1")));
        given(store.apply(any())).willReturn(true);

        cancel("j1")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("CANCELED"))
                .andExpect(jsonPath("$.attempt").value(2));

        then(publisher).should().publishCancel(new CancelRequest("j1", "otto", NOW));
        then(publisher).should().publishCanceled(any());
        then(store).should().apply(any());
    }

    @Test
    void aRunningJobIsLeftToItsWorkerToCancel() throws Exception {
        given(store.find("j1")).willReturn(Optional.of(aRunningNoop("j1")));

        cancel("j1")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("RUNNING"));

        then(publisher).should().publishCancel(new CancelRequest("j1", "otto", NOW));
        then(publisher).should(never()).publishCanceled(any());
        then(store).should(never()).apply(any());
    }

    @Test
    void whenKafkaDoesNotAcknowledgeTheCancelTheAnswerIs503WithRetryAfter() throws Exception {
        given(store.find("j1")).willReturn(Optional.of(aQueuedNoop("j1")));
        willThrow(new JobNotCanceledException("j1", new RuntimeException("broker down")))
                .given(publisher).publishCancel(any());

        cancel("j1")
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(header().string("Content-Type", PROBLEM));
        then(publisher).should(never()).publishCanceled(any());
        then(store).should(never()).apply(any());
    }

    @Test
    void theSubmitterIsTheCallerAndNoBodyMayNameAnother() throws Exception {
        submit("{\"type\":\"noop\",\"submittedBy\":\"mallory\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/submittedBy"));
        then(publisher).shouldHaveNoInteractions();

        submit("{\"type\":\"noop\"}").andExpect(status().isAccepted());
        then(publisher).should().publish(requests.capture());
        assertThat(requests.getValue().getFirst().submittedBy()).isEqualTo("otto");
    }

    @Test
    void aViewerMayReadButNeitherSubmitNorCancel() throws Exception {
        given(store.find("j1")).willReturn(Optional.of(aQueuedNoop("j1")));

        read("/api/v1/jobs/j1").andExpect(status().isOk());
        mvc.perform(post("/api/v1/jobs").with(vera()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"noop\"}"))
                .andExpect(status().isForbidden())
                .andExpect(header().string("Content-Type", PROBLEM));
        mvc.perform(post("/api/v1/jobs/j1/cancel").with(vera())).andExpect(status().isForbidden());
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void withoutATokenNothingIsShown() throws Exception {
        mvc.perform(get("/api/v1/jobs/j1"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
                .andExpect(header().string("Content-Type", PROBLEM));
        then(store).shouldHaveNoInteractions();
    }
}
