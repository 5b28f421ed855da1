package dev.conveyor.gateway.jobs;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.then;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.gateway.auth.ImportApiSecurity;
import dev.conveyor.gateway.store.JobStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** A check aimed outside its queue's scope is refused at submission, when that shows before resolving. */
@WebMvcTest(JobsController.class)
@ImportApiSecurity
@Import({JobSubmission.class, JobRelaunch.class, JobRequestFactory.class, JobQueueing.class, JobCancellation.class,
        JobCounters.class, SimpleMeterRegistry.class, ScopedTargetsTests.Secrets.class})
@TestPropertySource(properties = {
        "conveyor.gateway.queues=default,internal",
        "conveyor.targets.queues.internal.allow=10.0.0.0/8,*.corp.example",
        "conveyor.targets.queues.internal.deny=10.9.0.0/16"})
class ScopedTargetsTests {

    private static final String PROBLEM = "application/problem+json";

    @TestConfiguration
    static class Secrets {

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

    @MockitoBean
    private TemplateJobs templates;

    @BeforeEach
    void kafkaAcknowledgesEverything() {
        PublishingStubs.kafkaAcknowledgesEverything(publisher, store);
    }

    private ResultActions submit(String body) throws Exception {
        return mvc.perform(post("/api/v1/jobs").with(user("otto").roles("OPERATOR"))
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void anHttpCheckOfTheMetadataAddressIsA400NamingTheUrlAndTheRule() throws Exception {
        submit("{\"type\":\"http\",\"params\":{\"url\":\"http://169.254.169.254/latest/meta-data/\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].pointer").value("/params/url"))
                .andExpect(jsonPath("$.errors[0].detail").value("169.254.169.254:80 is refused: built-in deny rule"
                        + " '169.254.0.0/16' (link-local and cloud metadata addresses) of queue 'default'"
                        + " (conveyor.targets.default) matches it"));
        then(publisher).shouldHaveNoInteractions();
        then(store).shouldHaveNoInteractions();
    }

    @Test
    void anHttpCheckOfTheGatewaysOwnHealthIsAccepted() throws Exception {
        submit("{\"type\":\"http\",\"params\":{\"url\":\"http://localhost:8080/actuator/health\"}}")
                .andExpect(status().isAccepted());
        then(publisher).should().publish(anyList());
    }

    @Test
    void aQueueWithAnAllowListRefusesWhatItDoesNotAllowAndWhatItDenies() throws Exception {
        submit("{\"type\":\"tcp\",\"queue\":\"internal\",\"params\":{\"host\":\"192.0.2.1\",\"port\":22}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/params/host"))
                .andExpect(jsonPath("$.errors[0].detail").value("192.0.2.1:22 is refused: no allow rule of queue"
                        + " 'internal' (conveyor.targets.queues.internal) matches it (allow: [10.0.0.0/8, *.corp.example])"));
        submit("{\"type\":\"tls\",\"queue\":\"internal\",\"params\":{\"host\":\"10.9.1.1\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/params/host"))
                .andExpect(jsonPath("$.errors[0].detail", containsString("deny rule '10.9.0.0/16'")));
        submit("{\"type\":\"dns\",\"queue\":\"internal\",\"params\":{\"name\":\"example.org\",\"resolver\":\"8.8.8.8\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/params/resolver"));
        then(publisher).shouldHaveNoInteractions();

        submit("{\"type\":\"tcp\",\"queue\":\"internal\",\"params\":{\"host\":\"db.corp.example\",\"port\":5432}}")
                .andExpect(status().isAccepted());
    }

    @Test
    void aProfileIsRefusedAtTheControlAndTargetOutOfScope() throws Exception {
        mvc.perform(post("/api/v1/jobs").with(user("otto").roles("OPERATOR")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"profile\",\"params\":{\"profile\":{\"id\":\"p\",\"title\":\"P\","
                                + "\"controls\":[{\"id\":\"web\",\"title\":\"Web\",\"check\":{\"type\":\"http\","
                                + "\"params\":{\"url\":\"http://${target}/\"}}}]},"
                                + "\"inventory\":{\"targets\":[\"localhost\",\"[fe80::1]\"]}}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/params/profile/controls/0/check/params/url"))
                .andExpect(jsonPath("$.errors[0].detail", containsString("(on target '[fe80::1]')")));
    }
}
