package dev.conveyor.system;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds Prometheus' programs ({@code prometheus}, {@code promtool}) on the PATH. A test that needs
 * one is skipped, saying why, where they are not installed, unless the environment says they must
 * be: {@code CONVEYOR_REQUIRE_PROMETHEUS=1}, which CI sets, makes their absence a failure.
 */
final class PrometheusTools {

    static final String REQUIRE = "CONVEYOR_REQUIRE_PROMETHEUS";

    private PrometheusTools() {
    }

    /** The program's path, or the test is skipped (or fails, if they are required). */
    static Path require(String program) {
        Optional<Path> found = onPath(program);
        if (found.isEmpty()) {
            String why = program + " is not on the PATH (Debian: apt-get install prometheus, which brings promtool too)";
            if ("1".equals(System.getenv(REQUIRE))) {
                fail(why + ", and " + REQUIRE + "=1 requires it");
            }
            Assumptions.abort(why + "; set " + REQUIRE + "=1 to fail instead of skipping");
        }
        return found.get();
    }

    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        return path == null ? Optional.empty()
                : Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, program))
                        .filter(Files::isExecutable).findFirst();
    }
}
