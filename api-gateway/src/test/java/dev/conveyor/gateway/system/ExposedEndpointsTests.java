package dev.conveyor.gateway.system;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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
