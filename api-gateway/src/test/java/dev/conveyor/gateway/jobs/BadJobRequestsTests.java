package dev.conveyor.gateway.jobs;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.conveyor.gateway.auth.ImportApiSecurity;
import dev.conveyor.gateway.store.JobPage;
import dev.conveyor.gateway.store.JobStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * What a client that gets the jobs API wrong is told: a problem for every mistake, with every
 * offending input named, and nothing sent to Kafka.
 */
@WebMvcTest(JobsController.class)
@ImportApiSecurity
@WithMockUser(username = "otto", roles = "OPERATOR")
@Import({JobSubmission.class, JobRelaunch.class, JobRequestFactory.class, JobQueueing.class, JobCancellation.class,
        JobCounters.class, SimpleMeterRegistry.class, JobsControllerTests.FixedClock.class})
class BadJobRequestsTests {

    private static final String PROBLEM = "application/problem+json";
    private static final int MIB = 1024 * 1024;

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private JobPublisher publisher;

    @MockitoBean
    private JobStore store;

    @MockitoBean
    private TemplateJobs templates;

    private ResultActions submit(String body) throws Exception {
        return mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void unknownFieldsAndValuesOfTheWrongTypeAreAllNamedAtOnce() throws Exception {
        submit("""
                {"type": "noop", "colour": "red", "timeout": "soon",
                 "retry": {"maxAttempts": "many", "jitter": "lots", "backoff": 2}}""")
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.errors[*].pointer").value(containsInAnyOrder(
                        "/colour", "/timeout", "/retry/maxAttempts", "/retry/jitter", "/retry/backoff")))
                .andExpect(jsonPath("$.errors[?(@.pointer == '/colour')].detail").value(
                        "unknown field; known: [labels, params, queue, retry, timeout, type]"))
                .andExpect(jsonPath("$.errors[?(@.pointer == '/retry/maxAttempts')].detail").value(
                        "'many' is not an integer"))
                .andExpect(jsonPath("$.errors[?(@.pointer == '/timeout')].detail").value(
                        "'soon' is not an ISO-8601 duration such as PT30S"));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aBodyOfTheWrongShapeSaysWhatItShouldBe() throws Exception {
        submit("[{\"type\": \"noop\"}]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value(""))
                .andExpect(jsonPath("$.errors[0].detail").value("must be an object"));
        submit("{\"type\": \"noop\", \"labels\": [\"a\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/labels"))
                .andExpect(jsonPath("$.errors[0].detail").value("must be an object"));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void malformedJsonSaysWhereItBroke() throws Exception {
        submit("{\"type\": \"noop\",\n \"queue\": }")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/queue"))
                .andExpect(jsonPath("$.errors[0].detail", containsString("is not valid JSON at line 2")));
    }

    @Test
    void answersNeverNameJavaTypes() throws Exception {
        submit("{\"type\": {\"a\": 1}, \"retry\": {\"retryOn\": \"x\"}, \"timeout\": [1], \"labels\": {\"a\": {}}}")
                .andExpect(status().isBadRequest())
                .andExpect(content().string(not(containsString("java."))))
                .andExpect(content().string(not(containsString("dev.conveyor"))))
                .andExpect(content().string(not(containsString("Exception"))));
    }

    @Test
    void aMissingBodyIsNamed() throws Exception {
        submit("")
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.errors[0].pointer").value(""))
                .andExpect(jsonPath("$.errors[0].detail").value("a JSON body is required"));
        submit("null").andExpect(status().isBadRequest());
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void stringsPastTheirLimitsArePointedAt() throws Exception {
        submit("""
                {"type": "%s", "queue": "", "labels": {"team": null, "-bad key": "x", "ok": "%s"}}"""
                .formatted("t".repeat(65), "v".repeat(257)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Invalid request body"))
                .andExpect(jsonPath("$.errors[*].pointer").value(containsInAnyOrder(
                        "/type", "/queue", "/labels/team", "/labels/-bad key", "/labels/ok")));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aBodyThatIsNotJsonIs415() throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.TEXT_PLAIN).content("type=noop"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(header().string("Content-Type", PROBLEM));
        mvc.perform(post("/api/v1/jobs").content("{\"type\": \"noop\"}"))
                .andExpect(status().isUnsupportedMediaType());
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        String padded = "{\"type\": \"noop\"" + " ".repeat(MIB) + "}";

        submit(padded)
                .andExpect(status().isContentTooLarge())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.detail", containsString("1 MiB")));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aSubmissionWhoseAnswerTheClientCannotReadIsNotMade() throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("{\"type\": \"noop\"}")
                        .header("Accept", "text/html"))
                .andExpect(status().isNotAcceptable())
                .andExpect(header().string("Content-Type", PROBLEM));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    @WithMockUser(username = "ada", roles = "ADMIN") // anyone else may not call a method the API does not name
    void aMethodTheResourceDoesNotTakeIs405WithWhatItTakes() throws Exception {
        mvc.perform(delete("/api/v1/jobs"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(header().string("Allow", containsString("POST")));
    }

    @Test
    void anUnknownPathIs404Problem() throws Exception {
        mvc.perform(get("/api/v1/jobz"))
                .andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.detail", containsString("/docs")));
    }

    @Test
    void anUnknownQueryParameterIsNamedWithThoseTheEndpointTakes() throws Exception {
        mvc.perform(get("/api/v1/jobs?colour=red&status=QUEUED&stauts=FAILED"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.errors[*].parameter").value(containsInAnyOrder("colour", "stauts")))
                .andExpect(jsonPath("$.errors[0].detail").value(
                        "unknown query parameter; this endpoint takes [cursor, label, limit, queue, since, sort, status,"
                                + " submittedBy, template, type, until]"));
        mvc.perform(post("/api/v1/jobs?dryRun=true").contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"noop\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].parameter").value("dryRun"));
        then(publisher).shouldHaveNoInteractions();
    }

    @Test
    void aQueryValueOfTheWrongTypeIsNamed() throws Exception {
        mvc.perform(get("/api/v1/jobs?limit=ten"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].parameter").value("limit"))
                .andExpect(jsonPath("$.errors[0].detail").value("'ten' is not an integer"));
        mvc.perform(get("/api/v1/jobs?status=QUEUED,DONE"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].parameter").value("status"))
                .andExpect(jsonPath("$.errors[0].detail", containsString("'DONE' is not one of [QUEUED,")));
        mvc.perform(get("/api/v1/jobs?status=QUEUED&status=DONE"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].detail", containsString("'DONE' is not one of")));
    }

    @Test
    void anEmptyStateFiltersNothing() throws Exception {
        given(store.list(any())).willReturn(new JobPage(List.of(), null));

        mvc.perform(get("/api/v1/jobs?status=")).andExpect(status().isOk());
        mvc.perform(get(URI.create("/api/v1/jobs?status=%00"))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/jobs?status=QUEUED,")).andExpect(status().isOk());
    }

    @Test
    void anyIdThatNamesNoJobIs404() throws Exception {
        given(store.find("not-a-uuid")).willReturn(Optional.empty());

        mvc.perform(get("/api/v1/jobs/not-a-uuid"))
                .andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", PROBLEM));
    }

    @Test
    void anAnswerTheClientDoesNotAcceptIsA406ProblemWhatEverItAccepts() throws Exception {
        given(store.find("nope")).willReturn(Optional.empty());

        mvc.perform(get("/api/v1/jobs/nope").header("Accept", "text/html"))
                .andExpect(status().isNotAcceptable())
                .andExpect(header().string("Content-Type", PROBLEM));
        mvc.perform(get("/api/v1/jobs/nope").header("Accept", "not a media type"))
                .andExpect(status().isNotAcceptable())
                .andExpect(header().string("Content-Type", PROBLEM))
                .andExpect(jsonPath("$.status").value(406));
        mvc.perform(get("/api/v1/jobs/nope").header("Accept", "application/problem+json, application/json"))
                .andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", PROBLEM));
    }
}
