package dev.conveyor.worker.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.jobs.JobEvent;
import dev.conveyor.common.types.CommandParams;
import dev.conveyor.worker.execution.JobContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real executables of a Debian system: echo, sh, env, cat and sleep. */
class CommandCheckTests {

    private static final JobContext CONTEXT = JobContext.detached("j1", 1, Duration.ofMinutes(1));
    private static final Duration PATIENT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static CommandCheck allowing(String... executables) {
        return new CommandCheck(new CommandProperties(List.of(executables), List.of()));
    }

    private static ACommand aCommand(String executable, String... args) {
        return new ACommand(executable, List.of(args));
    }

    private static String stdoutOf(CheckResult result) {
        return result.evidence().get("stdout").asString();
    }

    @Test
    void aCommandThatExitsAsExpectedPassesWithItsOutputAsEvidence() throws Exception {
        CheckResult result = allowing("/bin/echo").run(aCommand("/bin/echo", "hello", "world").build(), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.message()).startsWith("/bin/echo exited with code 0 in ");
        assertThat(result.evidence().get("executable").asString()).isEqualTo(Path.of("/bin/echo").toRealPath().toString());
        assertThat(result.evidence().get("exitCode").asInt()).isZero();
        assertThat(result.evidence().get("durationMs").asLong()).isNotNegative();
        assertThat(stdoutOf(result)).isEqualTo("hello world\n");
        assertThat(result.evidence().get("stdoutTruncated").asBoolean()).isFalse();
        assertThat(result.evidence().get("stderr").asString()).isEmpty();
        assertThat(result.evidence().get("stderrTruncated").asBoolean()).isFalse();
    }

    @Test
    void argumentsReachTheCommandAsTheyAreWithNoShellBetween() throws Exception {
        CheckResult result = allowing("/bin/echo")
                .run(aCommand("/bin/echo", "$HOME", "a  b", "*", ";", "`id`", "$(id)").build(), CONTEXT);

        assertThat(stdoutOf(result)).isEqualTo("$HOME a  b * ; `id` $(id)\n");
    }

    @Test
    void anUnexpectedExitCodeFailsNamingItAndWhatWasExpected() throws Exception {
        CommandCheck check = allowing("/bin/sh");

        CheckResult three = check.run(aCommand("/bin/sh", "-c", "exit 3").build(), CONTEXT);
        CheckResult notOneOf = check.run(aCommand("/bin/sh", "-c", "exit 3").expectExitCode(0, 1).build(), CONTEXT);
        CheckResult expected = check.run(aCommand("/bin/sh", "-c", "exit 3").expectExitCode(1, 3).build(), CONTEXT);

        assertThat(three.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(three.message()).isEqualTo("/bin/sh: exit code 3, expected 0");
        assertThat(three.evidence().get("exitCode").asInt()).isEqualTo(3);
        assertThat(notOneOf.message()).isEqualTo("/bin/sh: exit code 3, expected one of [0, 1]");
        assertThat(expected.outcome()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void outputNotAsExpectedFailsNamingEveryExpectationThatDidNotHold() throws Exception {
        CommandCheck check = allowing("/bin/sh");
        String script = "echo 'status: ok'; echo 'warning: disk' >&2";

        CheckResult failed = check.run(aCommand("/bin/sh", "-c", script)
                .stdoutContains("all good").stdoutMatches("^ok").stderrContains("error").build(), CONTEXT);
        CheckResult passed = check.run(aCommand("/bin/sh", "-c", script)
                .stdoutContains("ok").stdoutMatches("(?m)^status: (ok|fine)$").stderrContains("warning").build(), CONTEXT);

        assertThat(failed.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(failed.message()).isEqualTo("/bin/sh: stdout does not contain 'all good'; stdout does not match"
                + " '^ok'; stderr does not contain 'error'");
        assertThat(failed.evidence().get("stderr").asString()).isEqualTo("warning: disk\n");
        assertThat(passed.outcome()).isEqualTo(CheckOutcome.PASSED);
    }

    @Test
    void anExecutableNotOnTheListIsAnErrorAndNothingStarts() throws Exception {
        Path witness = dir.resolve("ran");

        CheckResult result = allowing("/bin/echo")
                .run(aCommand("/bin/sh", "-c", "echo > " + witness).build(), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).startsWith("not allowed on this worker: /bin/sh (")
                .endsWith("); conveyor.worker.commands.allowed lists what may run");
        assertThat(result.evidence()).isNull();
        assertThat(witness).doesNotExist();
    }

    @Test
    void noCommandRunsUntilTheWorkerListsSome() throws Exception {
        CheckResult result = allowing().run(aCommand("/bin/echo").build(), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).startsWith("not allowed on this worker: /bin/echo");
    }

    @Test
    void anExecutableThatDoesNotExistIsNotAllowed() throws Exception {
        CheckResult result = allowing("/bin/echo").run(aCommand("/bin/no-such-program").build(), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).isEqualTo("not allowed on this worker: /bin/no-such-program (no such file,"
                + " or it cannot be read)");
    }

    @Test
    void pathsAreComparedAsTheFilesTheyLeadToAfterLinksAndDotDot() throws Exception {
        Path echoLink = Files.createSymbolicLink(dir.resolve("echo"), Path.of("/bin/echo"));
        Path shDisguisedAsEcho = Files.createSymbolicLink(Files.createDirectory(dir.resolve("disguise")).resolve("echo"),
                Path.of("/bin/sh"));
        CommandCheck check = allowing("/usr/bin/../bin/echo");

        assertThat(check.run(aCommand("/bin/echo").build(), CONTEXT).outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(check.run(aCommand("/bin/../bin/./echo").build(), CONTEXT).outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(check.run(aCommand(echoLink.toString()).build(), CONTEXT).outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(allowing(echoLink.toString()).run(aCommand("/bin/echo").build(), CONTEXT).outcome())
                .isEqualTo(CheckOutcome.PASSED);

        CheckResult escaped = check.run(aCommand("/bin/../bin/sh", "-c", "exit 0").build(), CONTEXT);
        CheckResult disguised = check.run(aCommand(shDisguisedAsEcho.toString(), "-c", "exit 0").build(), CONTEXT);

        assertThat(escaped.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(escaped.message()).startsWith("not allowed on this worker: /bin/../bin/sh (/");
        assertThat(disguised.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(disguised.message()).startsWith("not allowed on this worker: " + shDisguisedAsEcho + " (/");
    }

    @Test
    void theEnvironmentHoldsPathAndTheAllowedVariablesOnly() throws Exception {
        List<JobEvent> lines = new CopyOnWriteArrayList<>();
        JobContext context = new JobContext("j1", 1, Duration.ofMinutes(1), lines::add, Clock.systemUTC());
        CommandCheck check = new CommandCheck(new CommandProperties(List.of("/usr/bin/env"), List.of("LANG", "TZ")));

        CheckResult result = check.run(aCommand("/usr/bin/env").env(Map.of("LANG", "C.UTF-8")).build(), context);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(stdoutOf(result).lines()).containsExactlyInAnyOrder("PATH=/usr/bin:/bin", "LANG=C.UTF-8");
        assertThat(lines).extracting(JobEvent::message).hasSize(2).noneMatch(line -> line.contains("C.UTF-8"));
    }

    @Test
    void aVariableTheWorkerDoesNotAllowIsAnErrorAndNothingStarts() throws Exception {
        Path witness = dir.resolve("ran");
        CommandCheck check = new CommandCheck(new CommandProperties(List.of("/bin/sh"), List.of("LANG")));

        CheckResult result = check.run(aCommand("/bin/sh", "-c", "echo > " + witness)
                .env(Map.of("LANG", "C", "LD_PRELOAD", "/tmp/evil.so")).build(), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).isEqualTo("environment variables not allowed on this worker: [LD_PRELOAD];"
                + " conveyor.worker.commands.env-allowed lists those a command may set");
        assertThat(witness).doesNotExist();
    }

    @Test
    void theCommandRunsInItsWorkingDirectory() throws Exception {
        CommandCheck check = allowing("/bin/sh");

        CheckResult there = check.run(aCommand("/bin/sh", "-c", "pwd").workingDir(dir.toString()).build(), CONTEXT);
        CheckResult nowhere = check.run(aCommand("/bin/sh", "-c", "pwd").workingDir(dir.resolve("gone").toString())
                .build(), CONTEXT);

        assertThat(stdoutOf(there)).isEqualTo(dir.toRealPath() + "\n");
        assertThat(nowhere.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(nowhere.message()).startsWith("could not start /bin/sh: ");
    }

    @Test
    void outputPastTheLimitIsReadDroppedAndFlagged() throws Exception {
        byte[] mebibyte = new byte[1024 * 1024];
        Arrays.fill(mebibyte, (byte) 'a');
        mebibyte[mebibyte.length - 2] = 'z';
        Path big = Files.write(dir.resolve("big.txt"), mebibyte);
        CommandCheck check = allowing("/bin/cat");

        CheckResult result = check.run(aCommand("/bin/cat", big.toString()).outputLimit(1024).build(), CONTEXT);
        CheckResult lookingPastIt = check.run(aCommand("/bin/cat", big.toString()).outputLimit(1024)
                .stdoutContains("z").build(), CONTEXT);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(result.message()).endsWith(" (stdout truncated: kept the first 1024 of 1048576 bytes)");
        assertThat(stdoutOf(result)).hasSize(1024).containsOnlyOnce("a".repeat(1024));
        assertThat(result.evidence().get("stdoutTruncated").asBoolean()).isTrue();
        assertThat(result.evidence().get("stderrTruncated").asBoolean()).isFalse();
        assertThat(lookingPastIt.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(lookingPastIt.message()).isEqualTo("/bin/cat: stdout does not contain 'z' (in the part kept, up to"
                + " outputLimit) (stdout truncated: kept the first 1024 of 1048576 bytes)");
    }

    @Test
    void aSecretAcrossTheOutputLimitLeavesNoPartOfItself() throws Exception {
        String secret = "tok-0123456789abcdef";
        Path file = Files.writeString(dir.resolve("echo.txt"), "a".repeat(1020) + secret + "b".repeat(100));
        JobContext holdingTheSecret = new JobContext("j1", 1, Duration.ofMinutes(1), event -> { },
                java.time.Clock.systemUTC(), null, text -> text.replace(secret, "********"));

        CheckResult result = allowing("/bin/cat").run(aCommand("/bin/cat", file.toString()).outputLimit(1024).build(),
                holdingTheSecret);

        assertThat(stdoutOf(result)).hasSize(1024).isEqualTo("a".repeat(1020) + "****")
                .doesNotContain(secret.substring(0, 2));
        assertThat(result.evidence().get("stdoutTruncated").asBoolean()).isTrue();
        assertThat(result.message()).endsWith(" (stdout truncated: kept the first 1024 of 1140 bytes)");
    }

    @Test
    void aCommandPastItsTimeoutIsStoppedWithEveryProcessItStarted() throws Exception {
        JobContext fiveSeconds = JobContext.detached("j1", 1, Duration.ofSeconds(5));

        CheckResult result = allowing("/bin/sh")
                .run(aCommand("/bin/sh", "-c", "/bin/sleep 300 & echo $!; wait").build(), fiveSeconds);

        assertThat(result.outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(result.message()).isEqualTo("/bin/sh did not exit within PT5S: stopped it and every process it started");
        assertThat(result.evidence().has("exitCode")).isFalse();
        long sleeper = Long.parseLong(stdoutOf(result).strip());
        await().atMost(PATIENT).until(() -> hasExited(sleeper));
    }

    @Test
    void aCanceledCommandStopsPromptlyWithEveryProcessItStarted() throws Exception {
        // A duration no other process on the machine sleeps for, to find this one by.
        String seconds = "3000." + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        CompletableFuture<Throwable> ending = new CompletableFuture<>();
        Thread job = Thread.ofVirtual().start(() -> {
            try {
                allowing("/bin/sh").run(aCommand("/bin/sh", "-c", "/bin/sleep " + seconds + "; exit 0").build(), CONTEXT);
                ending.complete(null);
            } catch (Throwable e) {
                ending.complete(e);
            }
        });
        ProcessHandle sleeper = await().atMost(PATIENT).until(() -> sleeping(seconds), Optional::isPresent).orElseThrow();

        job.interrupt();

        assertThat(ending.get(PATIENT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        await().atMost(PATIENT).until(() -> hasExited(sleeper.pid()));
    }

    /** The {@code sleep} this JVM started, directly or not, that sleeps {@code seconds}. */
    private static Optional<ProcessHandle> sleeping(String seconds) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(args -> Arrays.asList(args).contains(seconds)).orElse(false))
                .filter(p -> p.info().command().map(command -> command.endsWith("/sleep")).orElse(false))
                .findFirst();
    }

    /**
     * Whether a process has exited: it is gone, or it is a zombie, of which only its exit status
     * is left. A killed child of a killed parent is the zombie of whatever adopts it, and some
     * containers' first process reaps late.
     */
    private static boolean hasExited(long pid) {
        if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    /** Command params with every option at its default but those a test sets. */
    @Test
    void aCommandWithoutAWorkingDirectoryRunsInAnEmptyPrivateOneThatIsGoneAfterwards() throws Exception {
        CheckResult result = allowing("/bin/sh").run(aCommand("/bin/sh", "-c",
                "pwd; ls -A | wc -l; stat -c %a .; echo left > behind.txt").build(), CONTEXT);

        List<String> lines = stdoutOf(result).lines().toList();
        Path ranIn = Path.of(lines.getFirst());
        assertThat(ranIn).isNotEqualTo(Path.of("").toAbsolutePath());
        assertThat(ranIn.getFileName().toString()).startsWith("conveyor-job-");
        assertThat(lines.subList(1, 3)).as("empty, and its owner's alone").containsExactly("0", "700");
        assertThat(ranIn).doesNotExist();
    }

    private static final class ACommand {

        private final String executable;
        private final List<String> args;
        private String workingDir;
        private Map<String, String> env;
        private List<Integer> expectExitCode;
        private String stdoutContains;
        private String stdoutMatches;
        private String stderrContains;
        private Integer outputLimit;

        ACommand(String executable, List<String> args) {
            this.executable = executable;
            this.args = args;
        }

        ACommand workingDir(String path) {
            this.workingDir = path;
            return this;
        }

        ACommand env(Map<String, String> variables) {
            this.env = variables;
            return this;
        }

        ACommand expectExitCode(Integer... codes) {
            this.expectExitCode = List.of(codes);
            return this;
        }

        ACommand stdoutContains(String text) {
            this.stdoutContains = text;
            return this;
        }

        ACommand stdoutMatches(String regex) {
            this.stdoutMatches = regex;
            return this;
        }

        ACommand stderrContains(String text) {
            this.stderrContains = text;
            return this;
        }

        ACommand outputLimit(int bytes) {
            this.outputLimit = bytes;
            return this;
        }

        CommandParams build() {
            CommandParams params = new CommandParams(executable, args, workingDir, env, expectExitCode, stdoutContains,
                    stdoutMatches, stderrContains, outputLimit);
            assertThat(params.validate()).as("the params' violations").isEmpty();
            return params;
        }
    }
}
