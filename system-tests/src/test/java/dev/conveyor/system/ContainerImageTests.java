package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/docker/Dockerfile without a Docker engine: what each image runs as, how it is checked and
 * sized, and that the build stage's steps fit the repository and the jars the reactor builds (the
 * Spring Boot layers it copies are the ones the same extract command makes of those jars).
 */
class ContainerImageTests {

    private static final Path ROOT = LocalPorts.projectRoot();
    private static final Path DOCKERFILE = ROOT.resolve("deploy/docker/Dockerfile");
    private static final Pattern EXTRACT = Pattern.compile(
            "java -Djarmode=tools -jar \"\\$app\"/target/conveyor-\"\\$app\"-\\*-exec\\.jar\\s+extract (.+?) --destination");
    private static final Pattern LAYER_COPY = Pattern.compile("COPY --from=build /layers/([\\w-]+)/([\\w-]+)/ \\./");

    @Test
    void eachImageRunsAsAnUnprivilegedUserWithAHealthCheckOnItsOwnPort() throws IOException {
        Map<String, List<String>> stages = stages();
        assertThat(stages).containsKeys("build", "app", "gateway", "worker");
        Map<String, Integer> ports = Map.of("gateway", serverPort("api-gateway/src/main/resources/conveyor-gateway.yml"),
                "worker", serverPort("worker/src/main/resources/conveyor-worker.yml"));
        for (String image : List.of("gateway", "worker")) {
            List<String> lines = new ArrayList<>(stages.get("app"));
            lines.addAll(stages.get(image));
            assertThat(stages.get(image).getFirst()).as(image + " builds on the shared stage").isEqualTo("FROM app AS " + image);
            String user = lines.stream().filter(line -> line.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
            assertThat(user).as(image + "'s last USER").matches("USER [1-9]\\d*:[1-9]\\d*");
            int port = ports.get(image);
            assertThat(lines).as(image + " exposes its port").contains("EXPOSE " + port);
            assertThat(lines).as(image + "'s health check").anyMatch(line -> line.startsWith("HEALTHCHECK ")
                    && line.contains("/dev/tcp/127.0.0.1/" + port) && line.contains("/actuator/health/liveness"));
        }
        assertThat(stages.get("app")).as("JVM options that follow the container's memory limit")
                .anyMatch(line -> line.startsWith("ENV JAVA_TOOL_OPTIONS=") && line.contains("-XX:MaxRAMPercentage=")
                        && line.contains("-XX:+ExitOnOutOfMemoryError"));
        assertThat(stages.get("worker")).as("the worker under an init that reaps what commands leave behind")
                .anyMatch(line -> line.startsWith("ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"java\""));
        assertThat(stages.get("gateway")).as("the gateway's store in its volume")
                .contains("ENV CONVEYOR_DATADIR=/var/lib/conveyor", "VOLUME /var/lib/conveyor");
    }

    @Test
    void theBuildStageCopiesWhatTheRepositoryHas() throws IOException {
        for (String line : stages().get("build")) {
            if (line.startsWith("COPY ")) {
                String[] words = line.split("\\s+");
                for (int i = 1; i < words.length - 1; i++) {
                    assertThat(ROOT.resolve(words[i])).as("%s in the repository", words[i]).exists();
                }
            }
        }
    }

    @Test
    void theLayersEachImageCopiesAreTheOnesItsJarUnpacksInto(@TempDir Path temp) throws Exception {
        Map<String, List<String>> stages = stages();
        Matcher extract = EXTRACT.matcher(String.join("\n", stages.get("build")));
        assertThat(extract.find()).as("the build stage's extract command").isTrue();
        List<String> options = List.of(extract.group(1).trim().split("\\s+"));
        for (String module : List.of("api-gateway", "worker")) {
            Path jar;
            try (Stream<Path> jars = Files.list(ROOT.resolve(module).resolve("target"))) {
                jar = jars.filter(p -> p.getFileName().toString().matches("conveyor-" + module + "-.*-exec\\.jar"))
                        .findFirst().orElseThrow(() -> new AssertionError("no executable jar of " + module + " built"));
            }
            Path destination = temp.resolve(module);
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Djarmode=tools", "-jar", jar.toString(), "extract"));
            command.addAll(options);
            command.addAll(List.of("--destination", destination.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();

            String image = module.equals("api-gateway") ? "gateway" : "worker";
            List<String> copied = LAYER_COPY.matcher(String.join("\n", stages.get(image))).results()
                    .peek(copy -> assertThat(copy.group(1)).as(image + " copies its own module's layers").isEqualTo(module))
                    .map(copy -> copy.group(2)).toList();
            try (Stream<Path> made = Files.list(destination)) {
                assertThat(copied).as("layers %s copies", image)
                        .containsExactlyInAnyOrderElementsOf(made.map(p -> p.getFileName().toString()).toList());
            }
            assertThat(destination.resolve("spring-boot-loader/org/springframework/boot/loader/launch/JarLauncher.class"))
                    .as("the ENTRYPOINT's launcher").exists();
            assertThat(destination.resolve("application/BOOT-INF/classes")).as("Conveyor's classes").isDirectory();
        }
    }

    /** The Dockerfile's instructions per stage (continued lines joined), by stage name. */
    private static Map<String, List<String>> stages() throws IOException {
        Map<String, List<String>> stages = new LinkedHashMap<>();
        List<String> current = null;
        StringBuilder instruction = new StringBuilder();
        for (String raw : Files.readAllLines(DOCKERFILE)) {
            String line = raw.strip();
            if (instruction.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                instruction.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            instruction.append(line);
            String whole = instruction.toString().replaceAll("\\s+", " ").strip();
            instruction.setLength(0);
            Matcher from = Pattern.compile("FROM \\S+ AS (\\S+)").matcher(whole);
            if (from.matches()) {
                current = new ArrayList<>();
                stages.put(from.group(1), current);
            }
            if (current != null) {
                current.add(whole);
            }
        }
        return stages;
    }

    private static int serverPort(String yml) throws IOException {
        Matcher port = Pattern.compile("(?m)^server:\\s*\\n\\s+port: (\\d+)").matcher(Files.readString(ROOT.resolve(yml)));
        assertThat(port.find()).as("server.port in " + yml).isTrue();
        return Integer.parseInt(port.group(1));
    }
}
