package dev.conveyor.gateway.jobs;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.then;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.gateway.auth.ImportApiSecurity;
import dev.conveyor.gateway.store.JobStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** {@code POST /api/v1/jobs:batch} with Kafka and the store mocked: all or nothing. */
@WebMvcTest(JobBatchController.class)
@ImportApiSecurity
@Import({JobSubmission.class, JobRequestFactory.class, JobQueueing.class, JobCounters.class,
        SimpleMeterRegistry.class, JobBatchControllerTests.Clocks.class})
@TestPropertySource(properties = "conveyor.gateway.max-batch-size=3")
class JobBatchControllerTests {

    @TestConfiguration
    static class Clocks {

        @Bean
        @Primary
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        SecretBox secretBox() {
            return new SecretBox(List.of());
        }
    }

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private JobPublisher publisher;

    @MockitoBean
    private JobStore store;

    @BeforeEach
    void kafkaAcknowledgesEverything() {
        PublishingStubs.kafkaAcknowledgesEverything(publisher, store);
    }

    private ResultActions batch(String body) throws Exception {
        return mvc.perform(post("/api/v1/jobs:batch").with(user("otto").roles("OPERATOR")).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void everyJobIsQueuedInOnePublishAndAnsweredInOrder() throws Exception {
        batch("""
                {"jobs":[{"type":"noop"},{"type":"sleep","params":{"duration":"PT1S"}},{"type":"noop","queue":"default"}]}""")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.jobs[*].type").value(contains("noop", "sleep", "noop")))
                .andExpect(jsonPath("$.jobs[*].status").value(contains("QUEUED", "QUEUED", "QUEUED")));
        then(publisher).should().publish(anyList());
        then(store).should().applyQueued(anyList());
    }

    @Test
    void aCommandJobRefusesTheBatchForItRunsOnlyFromATemplate() throws Exception {
        batch("""
                {"jobs":[{"type":"noop"},{"type":"command","params":{"executable":"/usr/bin/id"}}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].pointer").value(contains("/jobs/1/type")))
                .andExpect(jsonPath("$.errors[0].detail").value(
                        "command jobs run only from a template an admin wrote: POST /api/v1/templates/{id}/launch"));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void oneInvalidJobRefusesTheBatchNamingEveryProblemByIndex() throws Exception {
        batch("""
                {"jobs":[{"type":"noop"},{"type":"sleep","params":{}},{"type":"teleport"}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].pointer").value(contains("/jobs/1/params/duration", "/jobs/2/type")));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aBatchOverTheLimitOrEmptyIsRefused() throws Exception {
        batch("{\"jobs\":[{\"type\":\"noop\"},{\"type\":\"noop\"},{\"type\":\"noop\"},{\"type\":\"noop\"}]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/jobs"))
                .andExpect(jsonPath("$.errors[0].detail", containsString("at most 3")));
        batch("{\"jobs\":[]}").andExpect(status().isBadRequest());
        batch("{}").andExpect(status().isBadRequest());
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aBadIdempotencyKeyIsRefused() throws Exception {
        mvc.perform(post("/api/v1/jobs:batch").with(user("otto").roles("OPERATOR")).contentType(MediaType.APPLICATION_JSON)
                        .header(Idempotency.HEADER, "has spaces").content("{\"jobs\":[{\"type\":\"noop\"}]}"))
                .andExpect(status().isBadRequest());
        then(publisher).shouldHaveNoInteractions();
    }
}
