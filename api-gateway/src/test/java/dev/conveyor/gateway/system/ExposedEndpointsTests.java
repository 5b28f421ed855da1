package dev.conveyor.gateway.system;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Over the web the gateway serves only the actuator endpoints it is configured to
 * ({@code management.endpoints.web.exposure.include}: health, info, prometheus, metrics); the
 * others, which could tell its settings or hand out its memory, are not there even for an admin.
 */
@RunningGateway
class ExposedEndpointsTests {

    @Autowired
    private MockMvc mvc; // as the admin

    /**
     * Health answers 503 until the store and the tokens have read their topics up to where they
     * ended at start; what is asked here is whether it is served, so first let the gateway get ready.
     */
    @BeforeEach
    void gatewayIsReady() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> mvc.perform(get("/actuator/health")).andReturn().getResponse().getStatus() == 200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/env", "/actuator/heapdump", "/actuator/threaddump", "/actuator/beans",
            "/actuator/configprops", "/actuator/loggers", "/actuator/mappings", "/actuator/shutdown",
            "/actuator/flyway", "/actuator/sbom"})
    void anEndpointNotExposedIsNotThere(String path) throws Exception {
        mvc.perform(get(path)).andExpect(status().isNotFound());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/info", "/actuator/prometheus", "/actuator/metrics"})
    void theExposedOnesAnswer(String path) throws Exception {
        mvc.perform(get(path)).andExpect(status().isOk());
    }
}
