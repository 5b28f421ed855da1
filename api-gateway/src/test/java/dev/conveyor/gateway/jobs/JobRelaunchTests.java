package dev.conveyor.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.common.templates.JobTemplate;
import dev.conveyor.gateway.auth.ImportApiSecurity;
import dev.conveyor.gateway.store.JobStore;
import dev.conveyor.gateway.templates.KnownTemplates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;

/**
 * A relaunch is a new submission under today's rules: a job launched from a template runs its
 * template's current version or not at all, whoever asks; any other job is checked as a submit is.
 */
@WebMvcTest(JobsController.class)
@ImportApiSecurity
@Import({JobSubmission.class, JobRelaunch.class, JobRequestFactory.class, JobQueueing.class, JobCancellation.class,
        JobCounters.class, SimpleMeterRegistry.class, JobRelaunchTests.Fixtures.class})
class JobRelaunchTests {

    private static final String PROBLEM = "application/problem+json";
    private static final Instant NOW = Instant.parse("2026-11-24T10:05:00Z");
    private static final String OLD = "5b0c1f7e-0d4a-4c9e-9a57-5b1f2e7d8c90";

    @TestConfiguration
    static class Fixtures {

        @Bean
        @Primary
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }

        @Bean
        SecretBox secretBox() {
            return new SecretBox(List.of("k1:" + Base64.getEncoder().encodeToString(new byte[32])));
        }

        @Bean
        KnownTemplates knownTemplates(JobRequestFactory requests, SecretBox secrets) {
            return new KnownTemplates(requests, secrets);
        }
    }

    @Autowired
    private MockMvc mvc;

    @Autowired
    private KnownTemplates templates;

    @Autowired
    private SecretBox secrets;

    @MockitoBean
    private JobPublisher publisher;

    @MockitoBean
    private JobStore store;

    @SuppressWarnings("unchecked")
    private final ArgumentCaptor<List<JobRequest>> published = ArgumentCaptor.forClass(List.class);

    @BeforeEach
    void noTemplatesAndKafkaAcknowledgesEverything() {
        templates.clear();
        PublishingStubs.kafkaAcknowledgesEverything(publisher, store);
    }

    /** An operator, who may launch templates but not write them. */
    private static RequestPostProcessor otto() {
        return user("otto").roles("OPERATOR");
    }

    /** An admin, who writes templates. */
    private static RequestPostProcessor ada() {
        return user("ada").roles("ADMIN");
    }

    /** Version {@code version} of a template that runs {@code executable} on a path the launch gives. */
    private static JobTemplate diskUsage(long version, String executable, String description) {
        return new JobTemplate("disk-usage", version, description, "command", json("""
                {"executable": "%s", "args": ["-h", "${path}"]}""".formatted(executable)), json("""
                {"properties": {"path": {"type": "string", "pattern": "^/"}}, "required": ["path"]}"""),
                null, null, null, Map.of("team", "sre"), "ada", NOW.minusSeconds(3600));
    }

    /** A job that version {@code version} of {@code disk-usage} ran, on {@code /var}, with these params. */
    private void aDiskUsageJobOfVersion(long version, String params) {
        aJob(new JobRequest(OLD, "command", json(params), "default", null, 1, Map.of("team", "sre"), "otto",
                NOW.minusSeconds(600), null, null, new JobOrigin("disk-usage", version, null, null)));
    }

    private void aJob(JobRequest request) {
        given(store.find(OLD)).willReturn(Optional.of(JobSnapshot.running(request, "w1", NOW.minusSeconds(590))
                .toSucceeded(null, NOW.minusSeconds(500))));
    }

    private static final String RAN_BY_VERSION_1 = """
            {"executable": "/usr/bin/df", "args": ["-h", "/var"]}""";

    private ResultActions relaunch(RequestPostProcessor caller) throws Exception {
        return mvc.perform(post("/api/v1/jobs/{id}/relaunch", OLD).with(caller));
    }

    private JobRequest publishedRequest() {
        then(publisher).should().publish(published.capture());
        return published.getValue().getFirst();
    }

    private static JsonNode json(String text) {
        return ConveyorJson.mapper().readTree(text);
    }

    @Test
    void aJobOfADeletedTemplateIsRefusedForAdminsToo() throws Exception {
        templates.put(diskUsage(1, "/usr/bin/df", null));
        aDiskUsageJobOfVersion(1, RAN_BY_VERSION_1);
        templates.delete("disk-usage");

        for (RequestPostProcessor caller : List.of(otto(), ada())) {
            relaunch(caller)
                    .andExpect(status().isConflict())
                    .andExpect(header().string("Content-Type", PROBLEM))
                    .andExpect(jsonPath("$.reason").value("template-deleted"))
                    .andExpect(jsonPath("$.detail", containsString("template 'disk-usage', which was deleted")));
        }
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aJobOfAChangedTemplateRunsItsCurrentVersionWhenThatStillMakesWhatTheJobRan() throws Exception {
        templates.put(diskUsage(2, "/usr/bin/df", "now with a description"));
        aDiskUsageJobOfVersion(1, RAN_BY_VERSION_1);

        relaunch(otto())
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.relaunchOf").value(OLD))
                .andExpect(jsonPath("$.template.version").value(2));

        JobRequest request = publishedRequest();
        assertThat(request.origin()).isEqualTo(new JobOrigin("disk-usage", 2L, OLD, null));
        assertThat(request.params().at("/args/1").asString()).isEqualTo("/var");
        assertThat(request.submittedBy()).isEqualTo("otto");
    }

    @Test
    void aCommandJobWhoseValuesALaunchTodayRefusesIsNotRelaunched() throws Exception {
        templates.put(diskUsage(1, "/usr/bin/df", null));
        // Launched before launch values were kept to their slots: a path that climbs out of /var.
        aDiskUsageJobOfVersion(1, """
                {"executable": "/usr/bin/df", "args": ["-h", "/var/../etc"]}""");

        relaunch(otto())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("invalid-today"))
                .andExpect(jsonPath("$.errors[0].pointer").value("/params/path"));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void anAdminsRelaunchOfAJobItsTemplateNoLongerMakesIsAConflict() throws Exception {
        templates.put(diskUsage(2, "/usr/bin/du", "du, not df"));
        aDiskUsageJobOfVersion(1, RAN_BY_VERSION_1);

        relaunch(ada())
                .andExpect(status().isConflict())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.reason").value("template-changed"))
                .andExpect(jsonPath("$.detail", containsString("POST /api/v1/templates/disk-usage/launch")));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void anOperatorMayNotRelaunchAJobOnlyAnAdminCouldMakeToday() throws Exception {
        templates.put(diskUsage(2, "/usr/bin/du", "du, not df"));
        aDiskUsageJobOfVersion(1, RAN_BY_VERSION_1);

        relaunch(otto())
                .andExpect(status().isForbidden())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.reason").value("role"))
                .andExpect(jsonPath("$.detail", containsString("only an admin")));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aJobThatClaimsTheCurrentVersionButRanSomethingElseIsNotRelaunched() throws Exception {
        templates.put(diskUsage(1, "/usr/bin/df", null));
        // What a snapshot written by anyone who can write the results topic could claim.
        aDiskUsageJobOfVersion(1, """
                {"executable": "/bin/rm", "args": ["-rf", "/var"]}""");

        relaunch(otto()).andExpect(status().isForbidden()).andExpect(jsonPath("$.reason").value("role"));
        relaunch(ada()).andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("template-changed"));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aCommandJobWithoutATemplateIsRefused() throws Exception {
        aJob(new JobRequest(OLD, "command", json(RAN_BY_VERSION_1), "default", null, 1, null, "ada",
                NOW.minusSeconds(600), null, null, null));

        relaunch(ada())
                .andExpect(status().isConflict())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.reason").value("command-without-template"));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aPlainJobStillRelaunches() throws Exception {
        aJob(new JobRequest(OLD, "http", json("{\"url\": \"https://example.org/health\"}"), "default",
                Duration.ofSeconds(10), 1, Map.of("team", "sre"), "otto", NOW.minusSeconds(600), null, null, null));

        relaunch(otto())
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.relaunchOf").value(OLD))
                .andExpect(jsonPath("$.params.url").value("https://example.org/health"));

        JobRequest request = publishedRequest();
        assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(request.labels()).containsEntry("team", "sre");
        assertThat(request.origin()).isEqualTo(new JobOrigin(null, null, OLD, null));
    }

    @Test
    void aPlainJobIsCheckedAsASubmitOfItWouldBeToday() throws Exception {
        // Its queue was dropped from conveyor.gateway.queues since, and its timeout is past today's maximum.
        aJob(new JobRequest(OLD, "noop", null, "retired", Duration.ofHours(2), 1, null, "otto",
                NOW.minusSeconds(600), null, null, null));

        relaunch(otto())
                .andExpect(status().isConflict())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.reason").value("invalid-today"))
                .andExpect(jsonPath("$.errors[0].pointer").value("/queue"))
                .andExpect(jsonPath("$.errors[1].pointer").value("/timeout"));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aSecretOfATemplateJobIsReadBackAndSealedAgainForTheNewJob() throws Exception {
        templates.put(new JobTemplate("api-check", 1, null, "http", json("""
                {"url": "https://example.org/health", "headers": {"Authorization": "Bearer ${token}"}}"""), json("""
                {"properties": {"token": {"type": "string", "writeOnly": true, "minLength": 8}}}"""),
                null, null, null, Map.of(), "ada", NOW.minusSeconds(3600)));
        JsonNode params = json("{\"url\": \"https://example.org/health\", \"headers\": {}}");
        ((tools.jackson.databind.node.ObjectNode) params.get("headers"))
                .set("Authorization", secrets.seal("Bearer s3cret-token", OLD));
        aJob(new JobRequest(OLD, "http", params, "default", null, 1, null, "otto", NOW.minusSeconds(600), null,
                null, new JobOrigin("api-check", 1L, null, null)));

        relaunch(otto()).andExpect(status().isAccepted());

        JobRequest request = publishedRequest();
        assertThat(request.params().toString()).doesNotContain("s3cret");
        assertThat(secrets.open(request.params(), request.id()).at("/headers/Authorization").asString())
                .isEqualTo("Bearer s3cret-token");
    }
}
