package dev.conveyor.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.conveyor.common.audit.AuditEntry;
import dev.conveyor.common.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

/** A caller refused again and again, at up to its rate limit, writes one entry a window, not one a call. */
class AuditRefusalFloodTests {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final List<AuditEntry> written = new CopyOnWriteArrayList<>();
    private final MovableClock clock = new MovableClock();
    private final AuditTrail trail;

    @SuppressWarnings("unchecked")
    AuditRefusalFloodTests() {
        KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);
        given(kafka.send(anyString(), anyString(), any())).willAnswer(call -> {
            written.add(call.getArgument(2));
            return CompletableFuture.completedFuture(null);
        });
        // An hour's window: only the test moves its summaries on, by the clock it moves.
        trail = new AuditTrail(kafka, new Topics("conveyor"), new SimpleMeterRegistry(),
                new AuditProperties(null, 50, 500, Duration.ofHours(1)), clock);
    }

    @AfterEach
    void stop() throws InterruptedException {
        trail.destroy();
    }

    private static AuditEntry aViewerRefused(String path, Instant at) {
        return new AuditEntry(java.util.UUID.randomUUID().toString(), at, "viewer-1", "VIEWER", "t1", "other", "POST",
                path, null, null, 403, "10.0.0.9");
    }

    @Test
    void aThousandRefusalsOfOneCallerAreTheFirstEntryAndOneSumOfTheRest() {
        for (int i = 0; i < 1_000; i++) {
            // Each to a path of the caller's choosing: the path does not make a refusal new.
            trail.record(aViewerRefused("/api/v1/anything-" + i, T0.plusMillis(i)));
        }
        clock.set(T0.plus(Duration.ofHours(1)));
        trail.writeEndedSummaries();

        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() >= 2);
        assertThat(written).hasSize(2);
        assertThat(written.getFirst().path()).isEqualTo("/api/v1/anything-0");
        assertThat(written.getFirst().count()).isNull();
        assertThat(written.get(1).count()).isEqualTo(999);
        assertThat(written.get(1).path()).isEqualTo("/api/v1/anything-999");
        assertThat(written.get(1).at()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void aRefusalAfterItsWindowIsRecordedAgainAndOtherCallersAndDoneCallsAreNeverSummed() {
        trail.record(aViewerRefused("/api/v1/jobs", T0));
        trail.record(aViewerRefused("/api/v1/jobs", T0.plus(Duration.ofHours(1))));
        trail.record(new AuditEntry("x", T0, "viewer-2", "VIEWER", "t2", "other", "POST", "/api/v1/jobs", null, null,
                403, "10.0.0.9"));
        for (int i = 0; i < 3; i++) {
            trail.record(new AuditEntry("ok-" + i, T0, "ops", "OPERATOR", "t3", "job.submit", "POST", "/api/v1/jobs",
                    null, "j" + i, 202, "10.0.0.9"));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() >= 6);
        assertThat(written).hasSize(6).allSatisfy(entry -> assertThat(entry.count()).isNull());
    }

    /** A clock the test sets. */
    private static final class MovableClock extends Clock {

        private volatile Instant now = T0;

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
