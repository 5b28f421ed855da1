package dev.conveyor.gateway.queues;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.conveyor.common.workers.WorkerHeartbeat;
import dev.conveyor.gateway.workers.LiveWorkers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.errors.TimeoutException;
import dev.conveyor.gateway.auth.ImportApiSecurity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(QueuesController.class)
@ImportApiSecurity
@Import(QueueReport.class)
@TestPropertySource(properties = "conveyor.gateway.queues=default,reports")
class QueuesControllerTests {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private OffsetsReader reader;

    @MockitoBean
    private QueueSampler sampler;

    @MockitoBean
    private LiveWorkers workers;

    private static WorkerHeartbeat aWorkerRunning(String id, Map<String, Integer> running) {
        return new WorkerHeartbeat(id, "host", "dev", List.of("default", "reports"), 8,
                running.values().stream().mapToInt(Integer::intValue).sum(), running, T0, T0, Duration.ofSeconds(5));
    }

    @Test
    void eachAcceptedQueueShowsItsDepthRatesAndWorkers() throws Exception {
        given(reader.read()).willReturn(new QueueSample(T0.plusSeconds(10), Map.of(
                "default", new QueueOffsets(130, 100, 7, 5),
                "reports", new QueueOffsets(0, 0, 0, 0))));
        given(sampler.oldestSince(any())).willReturn(Optional.of(new QueueSample(T0, Map.of(
                "default", new QueueOffsets(100, 90, 7, 5),
                "reports", new QueueOffsets(0, 0, 0, 0)))));
        given(workers.live()).willReturn(List.of(aWorkerRunning("w1", Map.of("default", 3)),
                aWorkerRunning("w2", Map.of("default", 1, "reports", 2))));

        mvc.perform(get("/api/v1/queues").with(user("vera").roles("VIEWER")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.queues[0].name").value("default"))
                .andExpect(jsonPath("$.queues[0].depth").value(30))
                .andExpect(jsonPath("$.queues[0].retrying").value(2))
                .andExpect(jsonPath("$.queues[0].running").value(4))
                .andExpect(jsonPath("$.queues[0].workers").value(2))
                .andExpect(jsonPath("$.queues[0].enqueuedPerSecond").value(3.0))
                .andExpect(jsonPath("$.queues[0].completedPerSecond").value(1.0))
                .andExpect(jsonPath("$.queues[1].name").value("reports"))
                .andExpect(jsonPath("$.queues[1].running").value(2))
                .andExpect(jsonPath("$.queues[1].depth").value(0));
    }

    @Test
    void whenKafkaDoesNotAnswerTheQueuesAreA503Problem() throws Exception {
        given(reader.read()).willThrow(new QueuesUnavailableException("no answer within PT5S",
                new TimeoutException("timed out")));

        mvc.perform(get("/api/v1/queues").with(user("vera").roles("VIEWER")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.title").value("Queues unavailable"));
    }
}
