package dev.conveyor.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.common.json.ConveyorJson;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

class PackedResultTests {

    @Test
    void aSmallResultTravelsAsItIs() {
        JsonNode result = ConveyorJson.mapper().readTree("{\"status\": 200}");
        assertThat(PackedResult.packed(result)).isSameAs(result);
        assertThat(PackedResult.unpacked(result)).isSameAs(result);
    }

    @Test
    void aLargeResultIsPackedSmallAndUnpacksWhole() {
        ArrayNode checks = ConveyorJson.mapper().createArrayNode();
        for (int i = 0; i < 10_000; i++) {
            checks.addObject().put("control", "control-" + (i % 50)).put("target", "target-" + i / 50 + ".example")
                    .put("outcome", "passed").put("message", "answered 200 in 3 ms").put("durationMs", 3);
        }
        JsonNode packed = PackedResult.packed(checks);

        assertThat(packed.has("$gzip")).isTrue();
        assertThat(ConveyorJson.mapper().writeValueAsBytes(packed).length).isLessThan(PackedResult.MAX_PACKED);
        assertThat(PackedResult.unpacked(packed)).isEqualTo(checks);
    }

    @Test
    void aResultTooLargeEvenPackedIsRefusedNotCut() {
        byte[] noise = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(noise);
        JsonNode result = ConveyorJson.mapper().createObjectNode().put("noise", java.util.Base64.getEncoder()
                .encodeToString(noise));

        assertThatThrownBy(() -> PackedResult.packed(result)).isInstanceOf(PackedResult.ResultTooLargeException.class)
                .hasMessageContaining("split the job");
    }
}
