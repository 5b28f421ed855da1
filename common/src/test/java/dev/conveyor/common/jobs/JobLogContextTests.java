package dev.conveyor.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class JobLogContextTests {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void namesTheJobItsQueueAndAttemptUntilClosed() {
        try (var ignored = JobLogContext.of(aRequest("j1", 2))) {
            assertThat(MDC.getCopyOfContextMap()).containsEntry("jobId", "j1").containsEntry("queue", "scans")
                    .containsEntry("attempt", "2");
        }
        assertThat(MDC.getCopyOfContextMap()).doesNotContainKeys("jobId", "queue", "attempt");
    }

    @Test
    void aJobNamedInsideAnotherGivesTheOuterJobBackWhenClosed() {
        try (var outer = JobLogContext.of(aRequest("outer", 1))) {
            try (var inner = JobLogContext.of(aRequest("inner", 3))) {
                assertThat(MDC.get("jobId")).isEqualTo("inner");
            }
            assertThat(MDC.get("jobId")).isEqualTo("outer");
            assertThat(MDC.get("attempt")).isEqualTo("1");
        }
    }

    private static JobRequest aRequest(String id, int attempt) {
        return new JobRequest(id, "noop", null, "scans", null, attempt, null, "alice", Instant.now(), null, null, null);
    }
}
