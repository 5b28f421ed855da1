package dev.conveyor.gateway.workers;

import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.conveyor.common.workers.WorkerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import dev.conveyor.gateway.auth.ImportApiSecurity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(WorkersController.class)
@ImportApiSecurity
class WorkersControllerTests {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private LiveWorkers workers;

    private static WorkerHeartbeat aBusyWorker() {
        return new WorkerHeartbeat("w1", "host-1", "0.1.0", List.of("default", "reports"), 8, 3,
                Map.of("default", 2, "reports", 1), Instant.parse("2026-11-24T09:00:00Z"),
                Instant.parse("2026-11-24T10:00:00Z"), Duration.ofSeconds(5));
    }

    @Test
    void eachLiveWorkerIsShownFromItsLatestHeartbeat() throws Exception {
        given(workers.live()).willReturn(List.of(aBusyWorker()));

        mvc.perform(get("/api/v1/workers").with(user("vera").roles("VIEWER")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.workers[0].id").value("w1"))
                .andExpect(jsonPath("$.workers[0].host").value("host-1"))
                .andExpect(jsonPath("$.workers[0].version").value("0.1.0"))
                .andExpect(jsonPath("$.workers[0].queues[1]").value("reports"))
                .andExpect(jsonPath("$.workers[0].slots").value(8))
                .andExpect(jsonPath("$.workers[0].running").value(3))
                .andExpect(jsonPath("$.workers[0].runningByQueue.default").value(2))
                .andExpect(jsonPath("$.workers[0].startedAt").value("2026-11-24T09:00:00Z"))
                .andExpect(jsonPath("$.workers[0].lastSeenAt").value("2026-11-24T10:00:00Z"));
    }

    @Test
    void noWorkersIsAnEmptyList() throws Exception {
        given(workers.live()).willReturn(List.of());

        mvc.perform(get("/api/v1/workers").with(user("vera").roles("VIEWER")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.workers").isEmpty());
    }
}
