package dev.conveyor.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.common.json.ConveyorJson;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SecretBoxTests {

    private static final String OLD = "old:" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final String NEW = "new:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    private static ObjectNode paramsWith(JsonNode sealed) {
        ObjectNode params = ConveyorJson.mapper().createObjectNode();
        params.put("url", "https://example.org").putObject("headers").set("Authorization", sealed);
        return params;
    }

    @Test
    void aSealedSecretOpensOnlyForItsJobAndNeverShowsInTheRecord() {
        SecretBox box = new SecretBox(List.of(NEW));
        ObjectNode params = paramsWith(box.seal("Bearer hunter2", "job-1"));

        assertThat(params.toString()).doesNotContain("hunter2").contains("\"$secret\":\"new:");
        assertThat(box.open(params, "job-1").at("/headers/Authorization").asString()).isEqualTo("Bearer hunter2");
        assertThatThrownBy(() -> box.open(params, "job-2")).isInstanceOf(SecretsUnavailableException.class)
                .hasMessageNotContaining("hunter2");
        assertThat(SecretBox.masked(params).at("/headers/Authorization").asString()).isEqualTo(SecretBox.MASK);
        assertThat(SecretBox.holdsSecrets(params)).isTrue();
        assertThat(SecretBox.holdsSecrets(SecretBox.masked(params))).isFalse();
    }

    @Test
    void afterRotationTheNewKeySealsAndTheOldStillOpens() {
        ObjectNode sealedWithOld = paramsWith(new SecretBox(List.of(OLD)).seal("s3cret", "job-1"));
        SecretBox rotated = new SecretBox(List.of(NEW, OLD));

        assertThat(rotated.open(sealedWithOld, "job-1").at("/headers/Authorization").asString()).isEqualTo("s3cret");
        assertThat(rotated.seal("x", "job-1").get(SecretBox.FIELD).asString()).startsWith("new:");
        assertThatThrownBy(() -> new SecretBox(List.of(NEW)).open(sealedWithOld, "job-1"))
                .hasMessageContaining("no key 'old'");
    }

    @Test
    void resealingMovesASecretToAnotherJob() {
        SecretBox box = new SecretBox(List.of(NEW));
        JsonNode moved = box.reseal(paramsWith(box.seal("s3cret", "job-1")), "job-1", "job-2");

        assertThat(box.open(moved, "job-2").at("/headers/Authorization").asString()).isEqualTo("s3cret");
    }

    @Test
    void aFingerprintTellsValuesApartOnlyUnderTheSealingKey() {
        SecretBox box = new SecretBox(List.of(NEW, OLD));

        assertThat(box.fingerprint("s3cret")).isEqualTo(box.fingerprint("s3cret")).startsWith("new:")
                .isNotEqualTo(box.fingerprint("s3cret!")).doesNotContain("s3cret")
                .isNotEqualTo(new SecretBox(List.of(OLD)).fingerprint("s3cret"));
        assertThatThrownBy(() -> new SecretBox(List.of()).fingerprint("x")).isInstanceOf(SecretsUnavailableException.class);
    }

    @Test
    void aKeyThatIsNot32BytesIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new SecretBox(List.of("k1:c2hvcnQ="))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k1'").hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> new SecretBox(List.of()).seal("x", "j")).isInstanceOf(SecretsUnavailableException.class);
    }
}
