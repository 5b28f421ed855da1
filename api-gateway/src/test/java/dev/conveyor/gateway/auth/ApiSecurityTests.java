package dev.conveyor.gateway.auth;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The URL rules as a matrix: every endpoint of the API's table, called by every kind of caller,
 * answers what the table says. Every path reaches a stand-in endpoint that answers 200 (and names
 * its caller), so a status other than 200 is the security filters' answer alone.
 */
@WebMvcTest(controllers = ApiSecurityTests.EveryEndpoint.class)
@ImportApiSecurity
@Import({ApiSecurityTests.EveryEndpoint.class, ApiSecurityTests.Fixtures.class})
@TestPropertySource(properties = "conveyor.gateway.auth.admin-token=" + ApiSecurityTests.ADMIN_TOKEN)
class ApiSecurityTests {

    static final String ADMIN_TOKEN = "the-admin-token-of-these-tests";
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final String PROBLEM = "application/problem+json";

    /** Who may call an endpoint: anybody, or a valid token with at least this role. */
    enum Needs {
        ANYBODY, VIEWER, OPERATOR, ADMIN
    }

    /** Who calls. */
    enum Caller {
        NOBODY, UNKNOWN_TOKEN, MALFORMED_TOKEN, REVOKED_TOKEN, EXPIRED_TOKEN, VIEWER, OPERATOR, ADMIN, ADMIN_TOKEN;

        /** The role of a valid caller, or null. */
        Needs role() {
            return switch (this) {
                case VIEWER -> Needs.VIEWER;
                case OPERATOR -> Needs.OPERATOR;
                case ADMIN, ADMIN_TOKEN -> Needs.ADMIN;
                default -> null;
            };
        }
    }

    record Endpoint(HttpMethod method, String path, Needs needs) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** The API's table (DESIGN's REST API, README's "Tokens and roles"), with the endpoints to come. */
    static List<Endpoint> endpoints() {
        return List.of(
                open(HttpMethod.GET, "/actuator/health"),
                open(HttpMethod.GET, "/actuator/health/readiness"),
                open(HttpMethod.GET, "/actuator/info"),
                open(HttpMethod.GET, "/actuator/prometheus"),
                open(HttpMethod.GET, "/docs"),
                open(HttpMethod.GET, "/docs/index.html"),
                open(HttpMethod.GET, "/swagger-ui/index.html"),
                open(HttpMethod.GET, "/v3/api-docs"),
                open(HttpMethod.GET, "/v3/api-docs/swagger-config"),
                new Endpoint(HttpMethod.GET, "/api/v1/jobs", Needs.VIEWER),
                new Endpoint(HttpMethod.GET, "/api/v1/jobs/j1", Needs.VIEWER),
                new Endpoint(HttpMethod.GET, "/api/v1/jobs/j1/events", Needs.VIEWER),
                new Endpoint(HttpMethod.GET, "/api/v1/jobs/j1/report", Needs.VIEWER),
                new Endpoint(HttpMethod.GET, "/api/v1/templates", Needs.VIEWER),
                new Endpoint(HttpMethod.GET, "/api/v1/templates/t1", Needs.VIEWER),
                new Endpoint(HttpMethod.GET, "/api/v1/profiles", Needs.VIEWER),
                new Endpoint(HttpMethod.GET, "/api/v1/profiles/p1", Needs.VIEWER),
                new Endpoint(HttpMethod.GET, "/api/v1/queues", Needs.VIEWER),
                new Endpoint(HttpMethod.GET, "/api/v1/workers", Needs.VIEWER),
                new Endpoint(HttpMethod.POST, "/api/v1/jobs", Needs.OPERATOR),
                new Endpoint(HttpMethod.POST, "/api/v1/jobs:batch", Needs.OPERATOR),
                new Endpoint(HttpMethod.POST, "/api/v1/jobs/j1/cancel", Needs.OPERATOR),
                new Endpoint(HttpMethod.POST, "/api/v1/jobs/j1/relaunch", Needs.OPERATOR),
                new Endpoint(HttpMethod.POST, "/api/v1/templates/t1/launch", Needs.OPERATOR),
                new Endpoint(HttpMethod.POST, "/api/v1/profiles/p1/run", Needs.OPERATOR),
                new Endpoint(HttpMethod.POST, "/api/v1/profiles", Needs.ADMIN),
                new Endpoint(HttpMethod.PUT, "/api/v1/profiles/p1", Needs.ADMIN),
                new Endpoint(HttpMethod.DELETE, "/api/v1/profiles/p1", Needs.ADMIN),
                new Endpoint(HttpMethod.POST, "/api/v1/templates", Needs.ADMIN),
                new Endpoint(HttpMethod.PUT, "/api/v1/templates/t1", Needs.ADMIN),
                new Endpoint(HttpMethod.DELETE, "/api/v1/templates/t1", Needs.ADMIN),
                new Endpoint(HttpMethod.GET, "/api/v1/tokens", Needs.ADMIN),
                new Endpoint(HttpMethod.POST, "/api/v1/tokens", Needs.ADMIN),
                new Endpoint(HttpMethod.GET, "/api/v1/tokens/abc", Needs.ADMIN),
                new Endpoint(HttpMethod.DELETE, "/api/v1/tokens/abc", Needs.ADMIN),
                new Endpoint(HttpMethod.GET, "/api/v1/audit", Needs.ADMIN),
                // Anything the table does not name is ADMIN's.
                new Endpoint(HttpMethod.DELETE, "/api/v1/jobs/j1", Needs.ADMIN),
                new Endpoint(HttpMethod.POST, "/api/v1/queues", Needs.ADMIN),
                new Endpoint(HttpMethod.POST, "/api/v1/jobs/j1/anything", Needs.ADMIN),
                new Endpoint(HttpMethod.GET, "/api/v2/jobs", Needs.ADMIN),
                new Endpoint(HttpMethod.GET, "/actuator/metrics", Needs.ADMIN),
                new Endpoint(HttpMethod.GET, "/elsewhere", Needs.ADMIN));
    }

    private static Endpoint open(HttpMethod method, String path) {
        return new Endpoint(method, path, Needs.ANYBODY);
    }

    /** What the table says a caller gets: 200, 401 without a valid token, 403 with too small a role. */
    static int expected(Endpoint endpoint, Caller caller) {
        if (caller.role() == null) {
            // A bad token is refused wherever it is sent, as RFC 6750 wants: its holder should know.
            return caller == Caller.NOBODY && endpoint.needs() == Needs.ANYBODY ? 200 : 401;
        }
        return caller.role().compareTo(endpoint.needs()) >= 0 ? 200 : 403;
    }

    static Stream<Arguments> everyEndpointByEveryCaller() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Caller caller : Caller.values()) {
                cases.add(Arguments.of(endpoint, caller, expected(endpoint, caller)));
            }
        }
        return cases.stream();
    }

    /** Stands in for every endpoint, so that only security decides the status. */
    @RestController
    static class EveryEndpoint {

        @RequestMapping("/**")
        String reached(Principal caller) {
            return "reached by " + (caller == null ? "nobody" : caller.getName());
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Fixtures {

        @Bean
        @Primary
        MutableClock clock() {
            return new MutableClock(NOW);
        }
    }

    @Autowired
    private MockMvc mvc;

    @Autowired
    private KnownTokens known;

    @Autowired
    private MutableClock clock;

    private String viewer;
    private String operator;
    private String admin;
    private String revoked;
    private String expired;

    @BeforeEach
    void someTokensExist() {
        clock.set(NOW); // the context, and so the clock, outlives each test
        viewer = aToken("vera", Role.VIEWER, null, false);
        operator = aToken("otto", Role.OPERATOR, null, false);
        admin = aToken("ada", Role.ADMIN, NOW.plus(Duration.ofDays(1)), false);
        revoked = aToken("rex", Role.ADMIN, null, true);
        expired = aToken("eve", Role.ADMIN, NOW.minusSeconds(1), false);
    }

    /** Puts a token into the gateway's tokens, as if read from Kafka, and returns what its holder sends. */
    private String aToken(String name, Role role, Instant expiresAt, boolean isRevoked) {
        String id = TokenSecrets.newId();
        String secret = TokenSecrets.newSecret();
        ApiToken token = new ApiToken(id, name, role, TokenSecrets.sha256Hex(secret), NOW.minus(Duration.ofDays(2)),
                "admin", expiresAt, null, null);
        known.put(isRevoked ? token.revoked(NOW.minus(Duration.ofDays(1)), "admin") : token);
        return TokenSecrets.format(id, secret);
    }

    private String bearerOf(Caller caller) {
        return switch (caller) {
            case NOBODY -> null;
            case UNKNOWN_TOKEN -> TokenSecrets.format(TokenSecrets.newId(), TokenSecrets.newSecret());
            case MALFORMED_TOKEN -> "not-a-conveyor-token";
            case REVOKED_TOKEN -> revoked;
            case EXPIRED_TOKEN -> expired;
            case VIEWER -> viewer;
            case OPERATOR -> operator;
            case ADMIN -> admin;
            case ADMIN_TOKEN -> ADMIN_TOKEN;
        };
    }

    private ResultActions call(Endpoint endpoint, Caller caller) throws Exception {
        MockHttpServletRequestBuilder request = request(endpoint.method(), endpoint.path())
                .contentType(MediaType.APPLICATION_JSON).content("{}");
        String bearer = bearerOf(caller);
        if (bearer != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        return mvc.perform(request);
    }

    @ParameterizedTest(name = "{0} by {1}: {2}")
    @MethodSource("everyEndpointByEveryCaller")
    void everyEndpointAnswersEveryCallerAsTheTableSays(Endpoint endpoint, Caller caller, int expected)
            throws Exception {
        ResultActions answer = call(endpoint, caller).andExpect(status().is(expected));
        if (expected == 200) {
            answer.andExpect(content().string(startsWith("reached by ")));
            return;
        }
        answer.andExpect(header().string(HttpHeaders.CONTENT_TYPE, PROBLEM))
                .andExpect(jsonPath("$.type").value("about:blank"))
                .andExpect(jsonPath("$.status").value(expected))
                .andExpect(jsonPath("$.title").value(expected == 401 ? "Unauthorized" : "Forbidden"))
                .andExpect(jsonPath("$.detail").isString())
                .andExpect(content().string(not(containsString("Exception"))));
        if (expected == 401) {
            answer.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")));
        }
    }

    @Test
    void theEndpointLearnsTheCallerByTheTokensName() throws Exception {
        call(new Endpoint(HttpMethod.GET, "/api/v1/jobs", Needs.VIEWER), Caller.VIEWER)
                .andExpect(content().string("reached by vera"));
        call(new Endpoint(HttpMethod.POST, "/api/v1/jobs", Needs.OPERATOR), Caller.ADMIN_TOKEN)
                .andExpect(content().string("reached by admin"));
    }

    @Test
    void aBadTokenIsToldWhyAndTheMissingOneHow() throws Exception {
        Endpoint jobs = new Endpoint(HttpMethod.GET, "/api/v1/jobs", Needs.VIEWER);
        call(jobs, Caller.NOBODY)
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"conveyor\""))
                .andExpect(jsonPath("$.detail").value(containsString("Authorization: Bearer")));
        call(jobs, Caller.EXPIRED_TOKEN)
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString(
                        "error=\"invalid_token\"")))
                .andExpect(jsonPath("$.detail").value(containsString("expired")));
        call(jobs, Caller.REVOKED_TOKEN).andExpect(jsonPath("$.detail").value(
                containsString("revoked")));
        call(new Endpoint(HttpMethod.POST, "/api/v1/jobs", Needs.OPERATOR), Caller.VIEWER)
                .andExpect(jsonPath("$.detail").value("the role of 'vera' (VIEWER) may not POST /api/v1/jobs"));
    }

    @Test
    void theRightIdWithAWrongSecretIsRefused() throws Exception {
        String forged = operator.substring(0, operator.length() - 43) + TokenSecrets.newSecret();

        mvc.perform(request(HttpMethod.GET, "/api/v1/jobs").header(HttpHeaders.AUTHORIZATION, "Bearer " + forged))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("the bearer token is not valid"));
    }

    @Test
    void aTokenExpiresWhileInUse() throws Exception {
        Endpoint jobs = new Endpoint(HttpMethod.GET, "/api/v1/jobs", Needs.VIEWER);
        call(jobs, Caller.ADMIN).andExpect(status().isOk());

        clock.advance(Duration.ofDays(1));

        call(jobs, Caller.ADMIN).andExpect(status().isUnauthorized());
    }

    /** With {@code open-metrics=false}, scrapers need a token too. */
    @Nested
    @TestPropertySource(properties = "conveyor.gateway.auth.open-metrics=false")
    class ClosedMetrics {

        @Test
        void metricsNeedAViewerToken() throws Exception {
            Endpoint metrics = new Endpoint(HttpMethod.GET, "/actuator/prometheus", Needs.VIEWER);
            call(metrics, Caller.NOBODY).andExpect(status().isUnauthorized());
            call(metrics, Caller.VIEWER).andExpect(status().isOk());
            call(new Endpoint(HttpMethod.GET, "/actuator/health", Needs.ANYBODY), Caller.NOBODY)
                    .andExpect(status().isOk());
        }
    }
}
