package dev.conveyor.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.jobs.JobEvent;
import dev.conveyor.common.json.ConveyorJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRedactionTests {

    private final SecretRedaction redaction = SecretRedaction.of(List.of("pa ss/word", "pa", ""));

    @Test
    void aSecretIsMaskedAsSentAndUrlEncodedAndTheLongestFirst() {
        assertThat(redaction.redact("GET http://x/?t=pa+ss%2Fword failed; tried pa ss/word"))
                .isEqualTo("GET http://x/?t=******** failed; tried ********");
    }

    @Test
    void resultsErrorsAndLinesAreMasked() {
        AttemptResult passed = redaction.redact(new AttemptResult.Passed(
                ConveyorJson.mapper().readTree("{\"echo\": [\"pa ss/word\"], \"n\": 1}")));
        assertThat(((AttemptResult.Passed) passed).result().toString()).doesNotContain("word").contains("\"n\":1");

        AttemptResult failed = redaction.redact(new AttemptResult.Failed(new JobError("unexpected-status",
                "pa ss/word answered 500"), true));
        assertThat(failed).isEqualTo(new AttemptResult.Failed(new JobError("unexpected-status", "******** answered 500"),
                true));

        JobEvent line = redaction.redact(new JobEvent("j1", 1, Instant.EPOCH, JobEvent.Kind.LOG, "using pa ss/word", null));
        assertThat(line.message()).isEqualTo("using ********");
    }

    @Test
    void withoutSecretsNothingChanges() {
        JobEvent line = new JobEvent("j1", 1, Instant.EPOCH, JobEvent.Kind.LOG, "nothing to hide", null);
        assertThat(SecretRedaction.of(List.of()).redact(line)).isSameAs(line);
    }
}
