package dev.conveyor.worker.jobtypes;

import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.types.CommandParams;
import dev.conveyor.worker.execution.Check;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.jobtypes.CommandPolicy.Permit;
import dev.conveyor.worker.jobtypes.OutputCapture.Output;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code command}: runs an executable this worker allows, with {@code args} as its argument
 * vector (no shell between), an environment of {@code PATH} and the allowed variables only,
 * nothing on its standard input, and, unless the job names one, an empty private working directory; passes when its exit code and output are as expected. A command
 * that outlives the job's timeout, or whose job is canceled, is stopped with every process it
 * started.
 */
@Component
class CommandCheck implements Check<CommandParams> {

    /** How long a command has after SIGTERM before it, and whatever it started, gets SIGKILL. */
    static final Duration KILL_GRACE = Duration.ofSeconds(2);
    /**
     * How far past its {@code outputLimit} a stream is kept until its secrets are masked: a secret
     * of up to this many bytes that straddles the limit is masked whole before the cut.
     */
    static final int SECRET_ROOM = 4096;

    private static final Logger log = LoggerFactory.getLogger(CommandCheck.class);

    private final CommandPolicy policy;

    CommandCheck(CommandProperties properties) {
        this.policy = new CommandPolicy(properties);
    }

    @Override
    public String type() {
        return "command";
    }

    @Override
    public Class<CommandParams> paramsType() {
        return CommandParams.class;
    }

    @Override
    public CheckResult run(CommandParams params, JobContext context) throws InterruptedException {
        long start = System.nanoTime();
        return switch (policy.permit(params)) {
            case Permit.Refused refused -> {
                log.info("Job {}: refused to run {}: {}", context.jobId(), params.executable(), refused.why());
                yield CheckResult.error(refused.why(), null, since(start));
            }
            case Permit.Granted granted -> execute(params, granted, context, start);
        };
    }

    private static CheckResult execute(CommandParams params, Permit.Granted granted, JobContext context, long start)
            throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("canceled before starting " + params.executable());
        }
        if (params.workingDir() != null) {
            return execute(params, granted, new File(params.workingDir()), context, start);
        }
        PrivateWorkingDirectory directory;
        try {
            directory = PrivateWorkingDirectory.create(context.jobId());
        } catch (UncheckedIOException e) {
            return CheckResult.error(e.getMessage() + ": " + JobError.describe(e.getCause()), null, since(start));
        }
        try (directory) {
            return execute(params, granted, directory.path().toFile(), context, start);
        }
    }

    private static CheckResult execute(CommandParams params, Permit.Granted granted, File workingDir,
            JobContext context, long start) throws InterruptedException {
        String executable = params.executable();
        List<String> argv = new ArrayList<>();
        argv.add(granted.executable().toString());
        argv.addAll(params.args());
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDir);
        builder.environment().clear();
        builder.environment().putAll(granted.environment());
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return CheckResult.error("could not start " + executable + ": " + JobError.describe(e), null, since(start));
        }
        closeInput(process);
        int limit = params.outputLimit();
        OutputCapture stdout = OutputCapture.start("job-" + context.jobId() + "-stdout", process.getInputStream(),
                limit + SECRET_ROOM);
        OutputCapture stderr = OutputCapture.start("job-" + context.jobId() + "-stderr", process.getErrorStream(),
                limit + SECRET_ROOM);
        log.debug("Job {}: started {} as pid {}", context.jobId(), granted.executable(), process.pid());
        context.log("started " + executable + " (pid " + process.pid() + ")");
        boolean exited;
        try {
            exited = process.waitFor(remaining(start, context.timeout()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            int stopped = ProcessTree.stop(process, KILL_GRACE);
            log.info("Job {}: canceled; stopped {} ({} processes)", context.jobId(), executable, stopped);
            throw e;
        }
        Duration ran = since(started);
        if (!exited) {
            int stopped = ProcessTree.stop(process, KILL_GRACE);
            log.info("Job {}: {} ran past {}; stopped it ({} processes)", context.jobId(), executable,
                    context.timeout(), stopped);
            context.log("did not exit within " + context.timeout() + "; stopped it (" + stopped + " processes)");
            // Stopped, the processes close their ends of the pipes: what they wrote is read to the end.
            ObjectNode evidence = evidence(granted, null, ran, stdout.await(KILL_GRACE).keptTo(limit, context.redaction()),
                    stderr.await(KILL_GRACE).keptTo(limit, context.redaction()));
            return CheckResult.error(executable + " did not exit within " + context.timeout()
                    + ": stopped it and every process it started", evidence, since(start));
        }
        int exitCode = process.exitValue();
        context.log("exited with code " + exitCode + " after " + ran.toMillis() + " ms");
        // Whatever the job's timeout has left, and at least the grace: the pipes may still hold
        // the last bytes written just before the exit.
        Duration patience = Duration.ofNanos(Math.max(remaining(start, context.timeout()), KILL_GRACE.toNanos()));
        Output out = stdout.await(patience).keptTo(limit, context.redaction());
        Output err = stderr.await(patience).keptTo(limit, context.redaction());
        ObjectNode evidence = evidence(granted, exitCode, ran, out, err);
        if (!out.complete() || !err.complete()) {
            return CheckResult.error(executable + " exited with code " + exitCode
                    + ", but its output stayed open: a process it started still holds it, or it could not be read",
                    evidence, since(start));
        }
        List<String> unmet = CommandExpectations.unmet(params, exitCode, out, err, context.redaction());
        String cut = truncation("stdout", out, params.outputLimit()) + truncation("stderr", err, params.outputLimit());
        return unmet.isEmpty()
                ? CheckResult.passed(executable + " exited with code " + exitCode + " in " + ran.toMillis() + " ms"
                        + cut, evidence, since(start))
                : CheckResult.failed(executable + ": " + String.join("; ", unmet) + cut, evidence, since(start));
    }

    /** The command reads nothing: an end of input at once, rather than a wait for one that never comes. */
    private static void closeInput(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // It has exited already, or closed its input itself: either way nothing waits for it.
        }
    }

    private static ObjectNode evidence(Permit.Granted granted, Integer exitCode, Duration ran, Output out, Output err) {
        ObjectNode evidence = JsonNodeFactory.instance.objectNode().put("executable", granted.executable().toString());
        if (exitCode != null) {
            evidence.put("exitCode", exitCode);
        }
        return evidence.put("durationMs", ran.toMillis())
                .put("stdout", out.text())
                .put("stdoutTruncated", out.truncated())
                .put("stderr", err.text())
                .put("stderrTruncated", err.truncated());
    }

    private static String truncation(String stream, Output output, int limit) {
        return output.truncated()
                ? " (" + stream + " truncated: kept the first " + limit + " of " + output.bytes() + " bytes)" : "";
    }

    private static long remaining(long startNanos, Duration timeout) {
        return Math.max(0, startNanos + timeout.toNanos() - System.nanoTime());
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
