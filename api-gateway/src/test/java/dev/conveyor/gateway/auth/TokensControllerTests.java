package dev.conveyor.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.times;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.conveyor.common.json.JsonSerde;
import dev.conveyor.common.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A token's life through the API, with the real security and Kafka mocked: created by an admin,
 * shown once, used, listed without its secret, expired or revoked.
 */
@WebMvcTest(TokensController.class)
@ImportApiSecurity
@Import({ApiTokens.class, TokensControllerTests.Fixtures.class})
@TestPropertySource(properties = "conveyor.gateway.auth.admin-token=" + TokensControllerTests.ADMIN_TOKEN)
class TokensControllerTests {

    static final String ADMIN_TOKEN = "the-admin-token-of-these-tests";
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final String TOPIC = "conveyor.tokens";
    private static final String PROBLEM = "application/problem+json";

    @TestConfiguration(proxyBeanMethods = false)
    static class Fixtures {

        @Bean
        @Primary
        MutableClock clock() {
            return new MutableClock(NOW);
        }

        @Bean
        Topics topics() {
            return new Topics("conveyor");
        }
    }

    @Autowired
    private MockMvc mvc;

    @Autowired
    private MutableClock clock;

    @MockitoBean
    private KafkaTemplate<String, Object> kafka;

    @BeforeEach
    void kafkaAcknowledgesEverything() {
        clock.set(NOW);
        given(kafka.send(anyString(), anyString(), any())).willReturn(CompletableFuture.completedFuture(null));
    }

    private static MockHttpServletRequestBuilder as(String bearer, MockHttpServletRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
    }

    private ResultActions create(String bearer, String body) throws Exception {
        return mvc.perform(as(bearer, post("/api/v1/tokens")).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    /** Creates a token as the admin and returns what its holder sends. */
    private String aToken(String name, String role) throws Exception {
        String body = create(ADMIN_TOKEN, """
                {"name":"%s","role":"%s"}""".formatted(name, role))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return JsonMapper.shared().readTree(body).get("token").asString();
    }

    private ResultActions listAs(String bearer) throws Exception {
        return mvc.perform(as(bearer, get("/api/v1/tokens")));
    }

    @Test
    void anAdminCreatesATokenThatIsShownOnceAndWorksAtOnce() throws Exception {
        String body = create(ADMIN_TOKEN, """
                {"name":"ci-nightly","role":"operator","expiresAt":"2027-01-01T00:00:00Z"}""")
                .andExpect(status().isCreated())
                .andExpect(header().string(HttpHeaders.LOCATION, containsString("/api/v1/tokens/")))
                .andExpect(jsonPath("$.name").value("ci-nightly"))
                .andExpect(jsonPath("$.role").value("OPERATOR"))
                .andExpect(jsonPath("$.createdAt").value("2026-11-24T10:00:00Z"))
                .andExpect(jsonPath("$.createdBy").value("admin"))
                .andExpect(jsonPath("$.expiresAt").value("2027-01-01T00:00:00Z"))
                .andExpect(jsonPath("$.token").value(matchesPattern("cvy_[0-9a-f]{16}_[A-Za-z0-9_-]{43}")))
                .andReturn().getResponse().getContentAsString();
        JsonNode created = JsonMapper.shared().readTree(body);
        String token = created.get("token").asString();
        assertThat(token).startsWith("cvy_" + created.get("id").asString() + "_");

        // An operator may not manage tokens: a 403, not a 401, so the token itself is valid.
        listAs(token).andExpect(status().isForbidden());
        String listed = "$.tokens[?(@.id == '" + created.get("id").asString() + "')]";
        listAs(ADMIN_TOKEN)
                .andExpect(status().isOk())
                .andExpect(jsonPath(listed + ".role").value("OPERATOR"))
                .andExpect(jsonPath("$.tokens[*].token").isEmpty())
                .andExpect(jsonPath("$.tokens[*].sha256").isEmpty())
                .andExpect(content().string(not(containsString(secretOf(token)))));
        mvc.perform(as(ADMIN_TOKEN, get("/api/v1/tokens/{id}", created.get("id").asString())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("ci-nightly"))
                .andExpect(jsonPath("$.token").doesNotExist());
    }

    @Test
    void kafkaHoldsTheSecretsHashAndNeverTheSecret() throws Exception {
        String token = aToken("reporting", "VIEWER");

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        then(kafka).should().send(eq(TOPIC), anyString(), sent.capture());
        ApiToken stored = (ApiToken) sent.getValue();
        assertThat(stored.sha256()).isEqualTo(TokenSecrets.sha256Hex(secretOf(token)));
        assertThat(new String(JsonSerde.write(stored), StandardCharsets.UTF_8))
                .doesNotContain(secretOf(token)).doesNotContain(token);
        assertThat(stored.name()).isEqualTo("reporting");
        assertThat(stored.role()).isEqualTo(Role.VIEWER);
    }

    @Test
    void aTokenCreatedByAnotherAdminRecordsItsCreator() throws Exception {
        String ops = aToken("ops", "ADMIN");

        create(ops, "{\"name\":\"dashboards\",\"role\":\"VIEWER\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.createdBy").value("ops"));
    }

    @Test
    void aRevokedTokenIsRefusedAndStillListed() throws Exception {
        String ops = aToken("ops", "ADMIN");
        listAs(ops).andExpect(status().isOk());
        String id = ops.substring(4, 20);
        clock.advance(Duration.ofMinutes(5));

        mvc.perform(as(ADMIN_TOKEN, delete("/api/v1/tokens/{id}", id))).andExpect(status().isNoContent());

        listAs(ops).andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("invalid_token")))
                .andExpect(jsonPath("$.detail").value(containsString("revoked")));
        String listed = "$.tokens[?(@.id == '" + id + "')]";
        listAs(ADMIN_TOKEN)
                .andExpect(jsonPath(listed + ".revokedAt").value("2026-11-24T10:05:00Z"))
                .andExpect(jsonPath(listed + ".revokedBy").value("admin"));
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        then(kafka).should(times(2)).send(eq(TOPIC), eq(id), sent.capture());
        assertThat(((ApiToken) sent.getAllValues().get(1)).revokedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void revokingTwiceChangesNothingAndAnUnknownTokenIsA404() throws Exception {
        String id = aToken("ops", "ADMIN").substring(4, 20);
        mvc.perform(as(ADMIN_TOKEN, delete("/api/v1/tokens/{id}", id))).andExpect(status().isNoContent());

        mvc.perform(as(ADMIN_TOKEN, delete("/api/v1/tokens/{id}", id))).andExpect(status().isNoContent());
        then(kafka).should(times(2)).send(eq(TOPIC), eq(id), any());

        mvc.perform(as(ADMIN_TOKEN, delete("/api/v1/tokens/nope")))
                .andExpect(status().isNotFound())
                .andExpect(header().string(HttpHeaders.CONTENT_TYPE, PROBLEM))
                .andExpect(jsonPath("$.detail", endsWith("'nope'")));
        mvc.perform(as(ADMIN_TOKEN, get("/api/v1/tokens/nope"))).andExpect(status().isNotFound());
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String body = create(ADMIN_TOKEN, """
                {"name":"temp","role":"ADMIN","expiresAt":"2026-11-24T11:00:00Z"}""")
                .andReturn().getResponse().getContentAsString();
        String token = JsonMapper.shared().readTree(body).get("token").asString();
        listAs(token).andExpect(status().isOk());

        clock.advance(Duration.ofHours(1));

        listAs(token).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("the bearer token expired at 2026-11-24T11:00:00Z"));
    }

    @Test
    void everyProblemOfARequestIsNamedAtOnce() throws Exception {
        create(ADMIN_TOKEN, """
                {"name":" ","role":"superuser","expiresAt":"2026-11-24T09:00:00Z","expiresIn":null}""")
                .andExpect(status().isBadRequest())
                .andExpect(header().string(HttpHeaders.CONTENT_TYPE, PROBLEM))
                .andExpect(jsonPath("$.title").value("Invalid token request"))
                .andExpect(jsonPath("$.errors[0].pointer").value("/expiresIn"))
                .andExpect(jsonPath("$.errors[0].detail").value(containsString("unknown field")))
                .andExpect(jsonPath("$.errors[1].pointer").value("/name"))
                .andExpect(jsonPath("$.errors[1].detail").value("must not be blank"))
                .andExpect(jsonPath("$.errors[2].pointer").value("/role"))
                .andExpect(jsonPath("$.errors[2].detail").value(containsString("[VIEWER, OPERATOR, ADMIN]")))
                .andExpect(jsonPath("$.errors[3].pointer").value("/expiresAt"))
                .andExpect(jsonPath("$.errors[3].detail").value(containsString("in the future")));
        then(kafka).shouldHaveNoInteractions();
    }

    @Test
    void aNameIsShortPlainAndNotTheAdmins() throws Exception {
        create(ADMIN_TOKEN, "{\"name\":\"" + "n".repeat(65) + "\",\"role\":\"VIEWER\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/name"))
                .andExpect(jsonPath("$.errors[0].detail").value("must be at most 64 characters"));
        create(ADMIN_TOKEN, "{\"name\":\"two\\nlines\",\"role\":\"VIEWER\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/name"));
        create(ADMIN_TOKEN, "{\"name\":\"Admin\",\"role\":\"VIEWER\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].detail").value(containsString("admin token")));
        create(ADMIN_TOKEN, "{\"role\":\"VIEWER\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].pointer").value("/name"));
        then(kafka).shouldHaveNoInteractions();
    }

    @Test
    void aBodyThatIsNotATokenRequestIsA400Problem() throws Exception {
        create(ADMIN_TOKEN, "{\"name\":")
                .andExpect(status().isBadRequest())
                .andExpect(header().string(HttpHeaders.CONTENT_TYPE, PROBLEM));
        create(ADMIN_TOKEN, "{\"name\":\"x\",\"role\":\"VIEWER\",\"expiresAt\":\"tomorrow\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("/expiresAt")));
        then(kafka).shouldHaveNoInteractions();
    }

    @Test
    void whenKafkaDoesNotAcknowledgeNoTokenIsMade() throws Exception {
        given(kafka.send(anyString(), anyString(), any()))
                .willReturn(CompletableFuture.failedFuture(new IllegalStateException("broker down")));

        create(ADMIN_TOKEN, "{\"name\":\"never-saved\",\"role\":\"VIEWER\"}")
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "5"))
                .andExpect(header().string(HttpHeaders.CONTENT_TYPE, PROBLEM))
                .andExpect(jsonPath("$.token").doesNotExist());
        listAs(ADMIN_TOKEN).andExpect(jsonPath("$.tokens[?(@.name == 'never-saved')]").isEmpty());
    }

    private static String secretOf(String token) {
        return token.substring("cvy_".length() + 16 + 1);
    }
}
