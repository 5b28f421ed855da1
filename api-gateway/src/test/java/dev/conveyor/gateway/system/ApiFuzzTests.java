package dev.conveyor.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeTry;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Thousands of requests that a careless or hostile client might send, against every endpoint of
 * the gateway: JSON of any shape, jobs that look right but for one field, random bytes, huge
 * strings, query strings, header values and ids. Whatever comes in, the answer is below 500; a
 * 4xx is an {@code application/problem+json} problem that names no Java type and shows no stack
 * frame, and a 400 names each offending input; and nothing that was refused reached Kafka.
 *
 * <p>The whole gateway runs, its {@code KafkaTemplate} mocked. Tries per property:
 * {@code jqwik.tries.default} in {@code junit-platform.properties} (1000), or
 * {@code -Djqwik.tries.default=N}.
 */
@RunningGateway
class ApiFuzzTests {

    /** Every endpoint of the API. Add a new one here and every property tries it. */
    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(HttpMethod.POST, "/api/v1/jobs", true, List.of()),
            new Endpoint(HttpMethod.POST, "/api/v1/jobs:batch", true, List.of()),
            new Endpoint(HttpMethod.GET, "/api/v1/jobs", false, List.of("status", "type", "queue", "template", "label",
                    "submittedBy", "since", "until", "sort", "limit", "cursor")),
            new Endpoint(HttpMethod.GET, "/api/v1/jobs/{id}", false, List.of()),
            new Endpoint(HttpMethod.POST, "/api/v1/jobs/{id}/cancel", false, List.of()),
            new Endpoint(HttpMethod.POST, "/api/v1/jobs/{id}/relaunch", false, List.of()),
            new Endpoint(HttpMethod.GET, "/api/v1/jobs/{id}/events", false, List.of()),
            new Endpoint(HttpMethod.GET, "/api/v1/jobs/{id}/report", false, List.of("format")),
            new Endpoint(HttpMethod.GET, "/api/v1/templates", false, List.of()),
            new Endpoint(HttpMethod.POST, "/api/v1/templates", true, List.of()),
            new Endpoint(HttpMethod.GET, "/api/v1/templates/{id}", false, List.of()),
            new Endpoint(HttpMethod.PUT, "/api/v1/templates/{id}", true, List.of()),
            new Endpoint(HttpMethod.DELETE, "/api/v1/templates/{id}", false, List.of()),
            new Endpoint(HttpMethod.POST, "/api/v1/templates/{id}/launch", true, List.of()),
            new Endpoint(HttpMethod.GET, "/api/v1/profiles", false, List.of()),
            new Endpoint(HttpMethod.POST, "/api/v1/profiles", true, List.of()),
            new Endpoint(HttpMethod.GET, "/api/v1/profiles/{id}", false, List.of()),
            new Endpoint(HttpMethod.PUT, "/api/v1/profiles/{id}", true, List.of()),
            new Endpoint(HttpMethod.DELETE, "/api/v1/profiles/{id}", false, List.of()),
            new Endpoint(HttpMethod.POST, "/api/v1/profiles/{id}/run", true, List.of()),
            new Endpoint(HttpMethod.GET, "/api/v1/tokens", false, List.of()),
            new Endpoint(HttpMethod.POST, "/api/v1/tokens", true, List.of()),
            new Endpoint(HttpMethod.GET, "/api/v1/tokens/{id}", false, List.of()),
            new Endpoint(HttpMethod.DELETE, "/api/v1/tokens/{id}", false, List.of()),
            new Endpoint(HttpMethod.GET, "/api/v1/audit", false, List.of()),
            new Endpoint(HttpMethod.GET, "/api/v1/queues", false, List.of()),
            new Endpoint(HttpMethod.GET, "/api/v1/workers", false, List.of()));

    /**
     * @param takesBody whether the endpoint reads a JSON body
     * @param parameters the query parameters it takes
     */
    record Endpoint(HttpMethod method, String path, boolean takesBody, List<String> parameters) {

        URI uri(String id, String query) {
            String path = this.path.replace("{id}", UriUtils.encodePathSegment(id, StandardCharsets.UTF_8));
            return URI.create(query.isEmpty() ? path : path + "?" + query);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Java's fingerprints: a qualified class name, a stack frame, an exception's name. */
    private static final Pattern JAVA_INTERNALS = Pattern.compile(
            "\\b(java|javax|jakarta|sun|org\\.springframework|org\\.apache|tools\\.jackson|com\\.fasterxml|dev\\.conveyor)\\.[a-z]"
                    + "|\\bat [\\w.$]+\\([\\w]+\\.java:\\d+\\)|\\w+Exception\\b");

    private static final String VALID_JOB = "{\"type\": \"noop\"}";

    @Autowired
    private MockMvc mvc;

    @Autowired
    private KafkaTemplate<String, Object> kafka;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @LocalServerPort
    private int port;

    /** A job the store knows, so that some ids name one. */
    private final String knownJob;

    /** jqwik makes the instance; Spring's test context (cached across them) fills it. */
    ApiFuzzTests() throws Exception {
        new TestContextManager(getClass()).prepareTestInstance(this);
        kafkaAcknowledgesEverything();
        MockHttpServletResponse submitted = mvc.perform(MockMvcRequestBuilders.post("/api/v1/jobs")
                .contentType("application/json").content(VALID_JOB)).andReturn().getResponse();
        knownJob = JsonMapper.shared().readTree(submitted.getContentAsString()).path("id").asString();
    }

    @BeforeTry
    void kafkaAcknowledgesEverything() {
        Mockito.reset(kafka);
        given(kafka.send(anyString(), anyString(), any())).willReturn(CompletableFuture.completedFuture(null));
    }

    @Example
    void theTableListsEveryEndpointOfTheApi() {
        Set<String> mapped = mappings.getHandlerMethods().keySet().stream()
                .flatMap(info -> info.getPatternValues().stream().filter(path -> path.startsWith("/api/"))
                        .flatMap(path -> info.getMethodsCondition().getMethods().stream().map(m -> m + " " + path)))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(ENDPOINTS).extracting(Endpoint::toString).containsExactlyInAnyOrderElementsOf(mapped);
    }

    @Property
    void anyJsonWithAnyMethod(@ForAll("endpoints") Endpoint endpoint, @ForAll("methods") HttpMethod method,
            @ForAll("anyJson") String body) throws Exception {
        answersWell(request(endpoint, method, knownJob, "").contentType("application/json").content(body), body);
    }

    @Property
    void aJobWithOneFieldSpoilt(@ForAll("spoiltJobs") String body) throws Exception {
        answersWell(MockMvcRequestBuilders.post("/api/v1/jobs").contentType("application/json").content(body), body);
    }

    @Property
    void anyBytesAsAnyContentType(@ForAll("endpoints") Endpoint endpoint, @ForAll("bytes") byte[] body,
            @ForAll("contentTypes") String contentType) throws Exception {
        answersWell(request(endpoint, endpoint.method(), knownJob, "").header("Content-Type", contentType).content(body),
                contentType + " " + body.length + " bytes");
    }

    /**
     * Over HTTP, for Tomcat parses a multipart body before any handler (MockMvc does not). Fewer
     * tries: each is a real request. Ids name no job, so that no answer is a stream of events.
     */
    @Property(tries = 200)
    void anyBodyAsMultipartOverHttp(@ForAll("endpoints") Endpoint endpoint, @ForAll("multipartBodies") byte[] body,
            @ForAll("multipartContentTypes") String contentType) throws Exception {
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newHttpClient()) {
            response = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + endpoint.uri(UUID.randomUUID().toString(), ""))).header("Authorization", "Bearer " + RunningGateway.ADMIN_TOKEN)
                    .header("Content-Type", contentType).method(endpoint.method().name(), BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        String context = endpoint + " " + contentType + " " + body.length + " bytes -> " + response.statusCode() + " "
                + BadInputs.shortened(response.body());

        assertThat(response.statusCode()).as(context).isLessThan(500);
        if (endpoint.takesBody()) {
            // The API reads JSON: whatever the parts, the body is of a type it does not take.
            assertThat(response.statusCode()).as(context).isEqualTo(415);
        }
        if (response.statusCode() >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).as(context).hasValue("application/problem+json");
            assertThat(response.body()).as(context).doesNotContainPattern(JAVA_INTERNALS);
            then(kafka).shouldHaveNoInteractions();
        }
    }

    @Property
    void hugeStrings(@ForAll("hugeStrings") String body) throws Exception {
        answersWell(MockMvcRequestBuilders.post("/api/v1/jobs").contentType("application/json").content(body), body);
    }

    @Property
    void anyQueryString(@ForAll("endpointsWithQueries") Map.Entry<Endpoint, String> endpointAndQuery) throws Exception {
        Endpoint endpoint = endpointAndQuery.getKey();
        MockHttpServletRequestBuilder request = request(endpoint, endpoint.method(), knownJob, endpointAndQuery.getValue());
        if (endpoint.takesBody()) {
            request.contentType("application/json").content(VALID_JOB);
        }
        answersWell(request, endpoint + "?" + endpointAndQuery.getValue());
    }

    @Property
    void anyHeaderValues(@ForAll("endpoints") Endpoint endpoint, @ForAll("acceptHeaders") String accept,
            @ForAll("headerValues") String authorization, @ForAll("headerValues") String idempotencyKey,
            @ForAll("headerValues") String contentEncoding) throws Exception {
        MockHttpServletRequestBuilder request = request(endpoint, endpoint.method(), knownJob, "")
                .header("Accept", accept).header("Authorization", authorization)
                .header("Idempotency-Key", idempotencyKey).header("Content-Encoding", contentEncoding);
        if (endpoint.takesBody()) {
            request.contentType("application/json").content(VALID_JOB);
        }
        answersWell(request, "Accept: " + accept + ", Authorization: " + authorization + ", Idempotency-Key: "
                + idempotencyKey + ", Content-Encoding: " + contentEncoding);
    }

    @Property
    void anyPathId(@ForAll("endpointsWithIds") Endpoint endpoint, @ForAll("ids") String id) throws Exception {
        answersWell(request(endpoint, endpoint.method(), id, ""), id);
    }

    private static MockHttpServletRequestBuilder request(Endpoint endpoint, HttpMethod method, String id, String query) {
        return MockMvcRequestBuilders.request(method, endpoint.uri(id, query));
    }

    /**
     * Below 500, always. A 4xx is a problem of its status that gives nothing of Java away, and
     * nothing of the request reached Kafka; a 400 names every offending input.
     */
    private void answersWell(MockHttpServletRequestBuilder request, String input) throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        String body = response.getContentAsString(StandardCharsets.UTF_8);
        String context = BadInputs.shortened(input) + " -> " + response.getStatus() + " " + BadInputs.shortened(body);

        assertThat(response.getStatus()).as(context).isLessThan(500);
        if (response.getStatus() < 400) {
            return;
        }
        assertThat(response.getContentType()).as(context).isEqualTo("application/problem+json");
        assertThat(body).as(context).doesNotContainPattern(JAVA_INTERNALS);
        JsonNode problem = JsonMapper.shared().readTree(body);
        assertThat(problem.path("status").asInt()).as(context).isEqualTo(response.getStatus());
        assertThat(problem.path("title").asString()).as(context).isNotBlank();
        if (response.getStatus() == 400) {
            assertThat(problem.path("errors")).as(context).isNotEmpty().allSatisfy(error -> {
                assertThat(error.has("pointer") ^ error.has("parameter")).as(context).isTrue();
                assertThat(error.path("detail").asString()).as(context).isNotBlank();
            });
        }
        then(kafka).shouldHaveNoInteractions();
    }

    @Provide
    Arbitrary<Endpoint> endpoints() {
        return Arbitraries.of(ENDPOINTS);
    }

    @Provide
    Arbitrary<Endpoint> endpointsWithIds() {
        return Arbitraries.of(ENDPOINTS.stream().filter(e -> e.path().contains("{id}")).toList());
    }

    @Provide
    Arbitrary<Map.Entry<Endpoint, String>> endpointsWithQueries() {
        return Arbitraries.of(ENDPOINTS).flatMap(endpoint ->
                BadInputs.queries(endpoint.parameters()).map(query -> Map.entry(endpoint, query)));
    }

    @Provide
    Arbitrary<HttpMethod> methods() {
        return Arbitraries.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    }

    @Provide
    Arbitrary<String> anyJson() {
        return BadInputs.anyJson();
    }

    @Provide
    Arbitrary<String> spoiltJobs() {
        return BadInputs.spoiltJobs();
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return BadInputs.bytes();
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return BadInputs.contentTypes();
    }

    @Provide
    Arbitrary<String> multipartContentTypes() {
        return BadInputs.multipartContentTypes();
    }

    @Provide
    Arbitrary<byte[]> multipartBodies() {
        return BadInputs.multipartBodies();
    }

    @Provide
    Arbitrary<String> hugeStrings() {
        return BadInputs.hugeStrings();
    }

    @Provide
    Arbitrary<String> acceptHeaders() {
        return BadInputs.acceptHeaders();
    }

    @Provide
    Arbitrary<String> headerValues() {
        return BadInputs.headerValues();
    }

    @Provide
    Arbitrary<String> ids() {
        return BadInputs.ids(knownJob);
    }
}
