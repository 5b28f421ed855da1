package dev.conveyor.common.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.common.types.ProfileParams;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The sample that ships in deploy/examples reads, and plans on its inventory: the README runs it. */
class SampleProfileTests {

    private static final Path EXAMPLES = Path.of("..", "deploy", "examples");

    @Test
    void theSampleProfileRunsOverTheSampleInventory() throws Exception {
        Profile profile = ProfileReader.read(Files.readString(EXAMPLES.resolve("profiles/local-services.yaml")),
                "local-services.yaml");
        ObjectNode run = (ObjectNode) ConveyorJson.mapper().readTree(Files.readString(EXAMPLES.resolve("inventory.json")));
        run.set("profile", ConveyorJson.mapper().valueToTree(profile.withVersion(1)));

        ProfileParams params = (ProfileParams) JobTypes.parse("profile", run);

        assertThat(params.inventory().expand()).hasSize(3);
        assertThat(params.profile().controls()).hasSize(5);
    }
}
