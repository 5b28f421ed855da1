package dev.conveyor.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsPropertiesTests {

    private static final String NEW = "new-2:" + "A".repeat(43) + "=";
    private static final String OLD = "old-1:" + "B".repeat(43) + "=";

    @Test
    void keysAreSeparatedByCommasOrLineBreaksAsInTheFileTheLauncherWrites() {
        assertThat(new SecretsProperties(List.of(NEW + "\n" + OLD + "\n")).keys()).containsExactly(NEW, OLD);
        assertThat(new SecretsProperties(List.of(NEW + ", " + OLD)).keys()).containsExactly(NEW, OLD);
        assertThat(new SecretsProperties(List.of(NEW, OLD)).keys()).containsExactly(NEW, OLD);
    }

    @Test
    void noKeysIsAnEmptyList() {
        assertThat(new SecretsProperties(null).keys()).isEmpty();
        assertThat(new SecretsProperties(List.of(" \n")).keys()).isEmpty();
    }

    @Test
    void theFirstKeySealsAndEveryKeyOpens() {
        SecretBox before = new SecretsProperties(List.of(OLD)).box();
        SecretBox after = new SecretsProperties(List.of(NEW + "\n" + OLD)).box();
        var sealed = before.seal("s3cret", "job-1");
        assertThat(after.open(sealed, "job-1").asString()).isEqualTo("s3cret");
        assertThat(after.seal("s3cret", "job-1").get(SecretBox.FIELD).asString()).startsWith("new-2:");
    }
}
