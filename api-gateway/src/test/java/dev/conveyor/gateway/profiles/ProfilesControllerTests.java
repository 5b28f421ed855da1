package dev.conveyor.gateway.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.auth.ImportApiSecurity;
import dev.conveyor.gateway.jobs.JobQueueing;
import dev.conveyor.gateway.jobs.JobRequestFactory;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Profiles over the API with Kafka and the store mocked: YAML in, versions, runs, problems with their place. */
@WebMvcTest(ProfilesController.class)
@ImportApiSecurity
@Import({ProfileCatalog.class, ProfileService.class, ProfileRuns.class, JobRequestFactory.class,
        ProfilesControllerTests.Beans.class})
@WithMockUser(username = "ada", roles = "ADMIN")
class ProfilesControllerTests {

    private static final String WEB = """
            id: web
            title: Web basics
            controls:
              - id: home
                severity: high
                check: {type: tcp, params: {host: "${target}", port: 443}}
            """;

    @TestConfiguration
    static class Beans {

        @Bean
        @Primary
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        Topics topics() {
            return new Topics("conveyor");
        }

        @Bean
        SecretBox secretBox() {
            return new SecretBox(List.of());
        }
    }

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private KafkaTemplate<String, Object> kafka;

    @MockitoBean
    private JobQueueing queueing;

    @SuppressWarnings("unchecked")
    private final ArgumentCaptor<List<JobRequest>> queued = ArgumentCaptor.forClass(List.class);

    @Autowired
    private ProfileCatalog catalog;

    @BeforeEach
    void kafkaAcknowledges() {
        catalog.forgetAll();
        given(kafka.send(anyString(), anyString(), any())).willReturn(CompletableFuture.completedFuture(null));
        given(queueing.queue(queued.capture(), any())).willAnswer(call -> call.<List<JobRequest>>getArgument(0)
                .stream().map(JobSnapshot::queued).toList());
    }

    private ResultActions save(String body) throws Exception {
        return mvc.perform(post("/api/v1/profiles").contentType("application/yaml").content(body));
    }

    @Test
    void aProfileInYamlIsStoredAndChangedOnlyWhenItChanges() throws Exception {
        save(WEB).andExpect(status().isCreated()).andExpect(jsonPath("$.version").value(1))
                .andExpect(jsonPath("$.controls[0].severity").value("high"));
        then(kafka).should().send(eq("conveyor.profiles"), eq("web"), any());
        save(WEB).andExpect(status().isConflict());

        mvc.perform(put("/api/v1/profiles/web").contentType("application/yaml").content(WEB))
                .andExpect(jsonPath("$.version").value(1));
        mvc.perform(put("/api/v1/profiles/web").contentType(MediaType.APPLICATION_JSON).content("""
                {"id": "web", "controls": [{"id": "home", "check": {"type": "tcp", "params": {"host": "${target}", "port": 8443}}}]}"""))
                .andExpect(jsonPath("$.version").value(2));
        mvc.perform(get("/api/v1/profiles")).andExpect(jsonPath("$.items[0].id").value("web"));
    }

    @Test
    void aProfileThatIsWrongIsAProblemNamingLineAndColumn() throws Exception {
        save("id: web\ncontrols:\n  - id: home\n    check: {type: teleport, params: {}}\n")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/controls/0/check/type"))
                .andExpect(jsonPath("$.errors[0].line").value("4"))
                .andExpect(jsonPath("$.errors[0].file").value("request body"));
        then(kafka).shouldHaveNoInteractions();
    }

    @Test
    void aRunQueuesAProfileJobThatCarriesTheProfileAndIsLabelledWithIt() throws Exception {
        save(WEB).andExpect(status().isCreated());

        mvc.perform(post("/api/v1/profiles/web/run").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inventory\": {\"targets\": [\"a.example\", \"b.example\"]}, \"concurrency\": 4}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.type").value("profile"))
                .andExpect(jsonPath("$.labels.profile").value("web"))
                .andExpect(jsonPath("$.params.profile.version").value(1));
        assertThat(queued.getValue().getFirst().params().at("/inventory/targets/1/name").asString()).isEqualTo("b.example");
    }

    @Test
    void aRunOverAnInventoryItCannotRunOnIsRefusedBeforeAnythingIsQueued() throws Exception {
        save(WEB).andExpect(status().isCreated());

        mvc.perform(post("/api/v1/profiles/web/run").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inventory\": {\"targets\": [\"a\", \"a\"]}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/inventory/targets/1"));
        mvc.perform(post("/api/v1/profiles/nope/run").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inventory\": {\"targets\": [\"a\"]}}"))
                .andExpect(status().isNotFound());
        then(queueing).shouldHaveNoInteractions();
    }

    @Test
    @WithMockUser(username = "otto", roles = "OPERATOR")
    void anOperatorRunsProfilesButDoesNotWriteThem() throws Exception {
        save(WEB).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail", containsString("may not POST /api/v1/profiles")));
    }
}
