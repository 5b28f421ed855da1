package dev.conveyor.gateway.auth;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * What every answer carries and every caller is held to beyond its role: security headers, no
 * CORS unless configured, a rate limit per token, the API docs open only as configured. Behind
 * each path is a stand-in endpoint that answers 200, so what differs is the security filters' doing.
 */
@WebMvcTest(controllers = ApiSecurityTests.EveryEndpoint.class)
@ImportApiSecurity
@Import({ApiSecurityTests.EveryEndpoint.class, ApiHardeningTests.StillClock.class})
@TestPropertySource(properties = {"conveyor.gateway.auth.admin-token=" + ApiHardeningTests.ADMIN_TOKEN,
        "conveyor.gateway.rate-limit.requests-per-second=2", "conveyor.gateway.rate-limit.burst=3"})
class ApiHardeningTests {

    static final String ADMIN_TOKEN = "the-admin-token-of-these-tests";
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    static class StillClock {

        /** Time stands still unless a test moves it, so that buckets refill only when told. */
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

    @BeforeEach
    void twoTokensAndTimeMovedOnSoThatEveryBucketIsFull() {
        clock.advance(Duration.ofHours(1));
        viewer = aToken("vera", Role.VIEWER);
        operator = aToken("otto", Role.OPERATOR);
    }

    private String aToken(String name, Role role) {
        String id = TokenSecrets.newId();
        String secret = TokenSecrets.newSecret();
        known.put(new ApiToken(id, name, role, TokenSecrets.sha256Hex(secret), NOW, "admin", null, null, null));
        return TokenSecrets.format(id, secret);
    }

    private ResultActions getAs(String token, String path) throws Exception {
        return mvc.perform(get(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersRefusalsToo() throws Exception {
        for (ResultActions answer : new ResultActions[] {getAs(viewer, "/api/v1/jobs"), mvc.perform(get("/api/v1/jobs")),
                getAs(viewer, "/api/v1/tokens")}) {
            answer.andExpect(header().string("Content-Security-Policy", ApiHeaders.API_POLICY))
                    .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                    .andExpect(header().string("X-Frame-Options", "DENY"))
                    .andExpect(header().string("Referrer-Policy", "no-referrer"))
                    .andExpect(header().string(HttpHeaders.CACHE_CONTROL, containsString("no-store")));
        }
    }

    @Test
    void theDocsMayLoadTheirOwnScriptsAndTheReportOnlyItsInlineOnesByHash() throws Exception {
        mvc.perform(get("/docs/index.html"))
                .andExpect(header().string("Content-Security-Policy", ApiHeaders.DOCS_POLICY));
        getAs(viewer, "/api/v1/jobs/j1/report")
                .andExpect(header().string("Content-Security-Policy", ApiHeaders.reportPolicy()))
                .andExpect(header().string("Content-Security-Policy", containsString("script-src 'sha256-")))
                .andExpect(header().string("Content-Security-Policy", containsString("style-src 'sha256-")));
    }

    @Test
    void noOtherOriginMayCallTheApiFromABrowser() throws Exception {
        mvc.perform(options("/api/v1/jobs").header(HttpHeaders.ORIGIN, "https://elsewhere.example")
                        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Authorization"))
                .andExpect(header().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN));
        mvc.perform(get("/api/v1/jobs").header(HttpHeaders.ORIGIN, "https://elsewhere.example")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + viewer))
                .andExpect(header().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN));
    }

    @Test
    void aTokenOverItsRateIsToldWhenToComeBackWhileOtherTokensGoOn() throws Exception {
        for (int i = 0; i < 3; i++) {
            getAs(operator, "/api/v1/jobs").andExpect(status().isOk());
        }
        getAs(operator, "/api/v1/jobs")
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "1"))
                .andExpect(header().string(HttpHeaders.CONTENT_TYPE, "application/problem+json"))
                .andExpect(jsonPath("$.status").value(429))
                .andExpect(jsonPath("$.detail").value(
                        "the token of 'otto' may make 2 requests a second; try again after 1 s (Retry-After)"));
        getAs(viewer, "/api/v1/jobs").andExpect(status().isOk());

        clock.advance(Duration.ofMillis(500)); // one request's worth refills
        getAs(operator, "/api/v1/jobs").andExpect(status().isOk());
        getAs(operator, "/api/v1/jobs").andExpect(status().isTooManyRequests());
    }

    @Test
    void theAdminTokenHasABucketTooAndRequestsWithoutAValidTokenNone() throws Exception {
        for (int i = 0; i < 3; i++) {
            getAs(ADMIN_TOKEN, "/api/v1/jobs").andExpect(status().isOk());
        }
        getAs(ADMIN_TOKEN, "/api/v1/jobs").andExpect(status().isTooManyRequests());
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/api/v1/jobs")).andExpect(status().isUnauthorized());
            mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        }
    }

    @Nested
    @TestPropertySource(properties = {"conveyor.gateway.cors.allowed-origins=https://console.example",
            "conveyor.gateway.auth.open-docs=false"})
    class Configured {

        @Test
        void aNamedOriginMayCallTheApiAndNoOther() throws Exception {
            mvc.perform(options("/api/v1/jobs").header(HttpHeaders.ORIGIN, "https://console.example")
                            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Authorization, Content-Type"))
                    .andExpect(status().isOk())
                    .andExpect(header().string(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://console.example"))
                    .andExpect(header().string(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "1800"));
            mvc.perform(options("/api/v1/jobs").header(HttpHeaders.ORIGIN, "https://elsewhere.example")
                            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST"))
                    .andExpect(status().isForbidden())
                    .andExpect(header().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN));
        }

        @Test
        void closedDocsNeedAToken() throws Exception {
            mvc.perform(get("/v3/api-docs")).andExpect(status().isUnauthorized());
            mvc.perform(get("/docs/index.html")).andExpect(status().isUnauthorized());
            getAs(viewer, "/v3/api-docs").andExpect(status().isOk());
        }
    }
}
