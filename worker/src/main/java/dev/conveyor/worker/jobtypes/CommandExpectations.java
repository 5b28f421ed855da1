package dev.conveyor.worker.jobtypes;

import static dev.conveyor.common.json.JsonProblems.quoted;

import dev.conveyor.common.types.CommandParams;
import dev.conveyor.worker.jobtypes.OutputCapture.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** What a command's exit code and output must be for its check to pass. */
final class CommandExpectations {

    private CommandExpectations() {
    }

    /**
     * What did not hold, one phrase each; empty when everything did.
     *
     * @param redaction masks the job's secret values, before a quote cuts an expected text short
     * @throws InterruptedException when interrupted while matching {@code stdoutMatches}, which
     *     may take long on a large output
     */
    static List<String> unmet(CommandParams params, int exitCode, Output stdout, Output stderr,
            UnaryOperator<String> redaction) throws InterruptedException {
        List<String> unmet = new ArrayList<>();
        if (!params.expectExitCode().contains(exitCode)) {
            List<Integer> expected = params.expectExitCode();
            unmet.add("exit code " + exitCode + ", expected " + (expected.size() == 1 ? expected.getFirst()
                    : "one of " + expected));
        }
        if (params.stdoutContains() != null && !stdout.text().contains(params.stdoutContains())) {
            unmet.add("stdout does not contain " + quoted(redaction.apply(params.stdoutContains())) + keptOnly(stdout));
        }
        if (params.stdoutMatches() != null && !found(params.stdoutPattern().orElseThrow(), stdout.text())) {
            unmet.add("stdout does not match " + quoted(redaction.apply(params.stdoutMatches())) + keptOnly(stdout));
        }
        if (params.stderrContains() != null && !stderr.text().contains(params.stderrContains())) {
            unmet.add("stderr does not contain " + quoted(redaction.apply(params.stderrContains())) + keptOnly(stderr));
        }
        return unmet;
    }

    private static String keptOnly(Output output) {
        return output.truncated() ? " (in the part kept, up to outputLimit)" : "";
    }

    private static boolean found(Pattern pattern, String text) throws InterruptedException {
        return InterruptibleMatch.find(pattern, text);
    }
}
