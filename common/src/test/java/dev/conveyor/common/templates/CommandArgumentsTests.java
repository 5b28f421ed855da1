package dev.conveyor.common.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An operator's launch values fill the slots of an admin's command, and never change what it is asked to do. */
class CommandArgumentsTests {

    private static JsonNode json(String json) {
        return ConveyorJson.mapper().readTree(json);
    }

    private static List<Violation> problems(String templateParams, String values) {
        return CommandArguments.problems(json(templateParams), (ObjectNode) json(values), "/params");
    }

    private static final String TAIL_OF_A_LOG = """
            {"executable": "/usr/bin/tail", "args": ["-n", "5", "/var/log/${file}"]}""";

    @Test
    void aValueCannotClimbOutOfThePathTheTemplatePointsAt() {
        assertThat(problems(TAIL_OF_A_LOG, "{\"file\": \"../../proc/self/cwd/admin.token\"}"))
                .containsExactly(new Violation("/params/file",
                        "must not hold a '..' path segment: it fills a path the template points at"));
        assertThat(problems(TAIL_OF_A_LOG, "{\"file\": \"nginx/..\"}")).hasSize(1);
        assertThat(problems("{\"executable\": \"/bin/ls\", \"workingDir\": \"/srv/${site}\"}", "{\"site\": \"..\"}"))
                .extracting(Violation::pointer).containsExactly("/params/site");
    }

    @Test
    void aValueThatOnlyLooksLikeAParentIsFine() {
        assertThat(problems(TAIL_OF_A_LOG, "{\"file\": \"nginx/access..log\"}")).isEmpty();
        assertThat(problems(TAIL_OF_A_LOG, "{\"file\": \"nginx/access.log\"}")).isEmpty();
    }

    @Test
    void aValueCannotBecomeAnOptionOfTheExecutable() {
        String grep = """
                {"executable": "/usr/bin/grep", "args": ["-c", "${pattern}", "${prefix}${file}"]}""";

        assertThat(problems(grep, "{\"pattern\": \"--file=/etc/shadow\", \"file\": \"/var/log/syslog\"}"))
                .containsExactly(new Violation("/params/pattern",
                        "would reach the command as an option: a value here must not start with '-'"));
        // An empty value in front hands the lead to the next placeholder.
        assertThat(problems(grep, "{\"pattern\": \"error\", \"prefix\": \"\", \"file\": \"-r\"}"))
                .extracting(Violation::pointer).containsExactly("/params/file");
        assertThat(problems(grep, "{\"pattern\": \"error\", \"prefix\": \"/var/log/\", \"file\": \"-r\"}")).isEmpty();
    }

    @Test
    void theTemplateDecidesWhereOptionsEndOrWhereAnOptionTakesAValue() {
        assertThat(problems("""
                {"executable": "/usr/bin/grep", "args": ["-c", "--", "${pattern}"]}""",
                "{\"pattern\": \"-v\"}")).isEmpty();
        assertThat(problems("""
                {"executable": "/usr/bin/grep", "args": ["--regexp=${pattern}", "/var/log/syslog"]}""",
                "{\"pattern\": \"-v\"}")).isEmpty();
    }

    @Test
    void aTemplateOfAnotherShapeHasNoProblems() {
        assertThat(problems("{\"url\": \"https://example.org/${path}\"}", "{\"path\": \"../x\"}")).isEmpty();
    }
}
