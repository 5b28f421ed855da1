package dev.conveyor.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.jobs.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTests {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123Z");

    private static JobRequest aRequestWithEverything() {
        return new JobRequest("id-1", "sleep", ConveyorJson.mapper().readTree("{\"duration\":\"PT0.5S\"}"),
                "default", Duration.ofSeconds(30), 2, Map.of("team", "a"), "alice", T0,
                new RetryPolicy(3, null, null, null, null, null), null, null);
    }

    @Test
    void aRequestSurvivesTheRoundTrip() {
        JobRequest request = aRequestWithEverything();

        assertThat(JsonSerde.read(JsonSerde.write(request), JobRequest.class)).isEqualTo(request);
    }

    @Test
    void aFinishedSnapshotSurvivesTheRoundTrip() {
        JobSnapshot snapshot = JobSnapshot.running(aRequestWithEverything(), "w1", T0)
                .toUnsuccessful(JobStatus.TIMED_OUT, new JobError("timeout", "ran over PT30S"), T0.plusSeconds(30));

        assertThat(JsonSerde.read(JsonSerde.write(snapshot), JobSnapshot.class)).isEqualTo(snapshot);
    }

    @Test
    void instantsAndDurationsAreWrittenAsIsoStringsAndNullsAreLeftOut() {
        String json = new String(JsonSerde.write(aRequestWithEverything()), StandardCharsets.UTF_8);

        assertThat(json).contains("\"submittedAt\":\"2026-11-24T10:00:00.123Z\"", "\"timeout\":\"PT30S\"");
        assertThat(new String(JsonSerde.write(JobSnapshot.queued(aRequestWithEverything())), StandardCharsets.UTF_8))
                .doesNotContain("null");
    }

    @Test
    void fieldsFromANewerWriterAreIgnored() {
        byte[] newer = """
                {"id":"x","type":"noop","queue":"default","attempt":1,"priority":7}
                """.getBytes(StandardCharsets.UTF_8);

        assertThat(JsonSerde.read(newer, JobRequest.class).id()).isEqualTo("x");
    }

    @Test
    void garbageIsASerializationExceptionNamingTheExpectedType() {
        assertThatThrownBy(() -> JsonSerde.read("{not json".getBytes(StandardCharsets.UTF_8), JobRequest.class))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a valid JobRequest");
    }

    @Test
    void aRecordMissingARequiredFieldIsASerializationException() {
        assertThatThrownBy(() -> JsonSerde.read("{\"type\":\"noop\"}".getBytes(StandardCharsets.UTF_8), JobRequest.class))
                .isInstanceOf(SerializationException.class);
    }
}
