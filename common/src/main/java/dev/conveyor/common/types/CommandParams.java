package dev.conveyor.common.types;

import static dev.conveyor.common.json.JsonProblems.quoted;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code command}: runs an executable on the worker and checks its exit code and output. The
 * executable is started directly with {@code args} as its argument vector, never through a
 * shell, and only when the worker lists it in {@code conveyor.worker.commands.allowed}. Such jobs
 * run only from a template, which only an admin writes.
 *
 * @param executable the absolute path of the executable to run, e.g. {@code /usr/bin/df}
 * @param args its arguments, each passed as one argument, unquoted and unexpanded (default none)
 * @param workingDir the absolute path of the directory it runs in (default: an empty directory of
 *     the job's own, readable by the worker's user alone, deleted once the command ended)
 * @param env environment variables to set, by name; only names the worker lists in
 *     {@code conveyor.worker.commands.env-allowed} may be set. The command starts with an empty
 *     environment but for {@code PATH=/usr/bin:/bin} and these
 * @param expectExitCode the exit code, or a list of exit codes, that pass (default 0)
 * @param stdoutContains when given, text its standard output must contain
 * @param stdoutMatches when given, a regular expression (Java syntax) that must match somewhere in
 *     its standard output; {@code (?m)} makes {@code ^} and {@code $} match at each line
 * @param stderrContains when given, text its standard error must contain
 * @param outputLimit how many bytes of each of standard output and standard error are kept
 *     (default 64 KiB, at most 1 MiB); the rest is read and dropped, the result says so, and the
 *     output expectations see only what was kept
 */
public record CommandParams(String executable, List<String> args, String workingDir, Map<String, String> env,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> expectExitCode,
        String stdoutContains, String stdoutMatches, String stderrContains, Integer outputLimit) implements JobParams {

    static final int DEFAULT_OUTPUT_LIMIT = 64 * 1024;
    static final int MAX_OUTPUT_LIMIT = 1024 * 1024;

    /** What the worker's environment variable names must look like: what POSIX shells accept. */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public CommandParams {
        // Not List.copyOf or Map.copyOf, which throw on a null element: validate() names it instead.
        args = args == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(args));
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        expectExitCode = expectExitCode == null ? List.of(0)
                : Collections.unmodifiableList(new ArrayList<>(expectExitCode));
        outputLimit = outputLimit == null ? DEFAULT_OUTPUT_LIMIT : outputLimit;
    }

    /** Whether {@code name} may name an environment variable: letters, digits and {@code _}, no digit first. */
    public static boolean isEnvironmentName(String name) {
        return name != null && ENV_NAME.matcher(name).matches();
    }

    @Override
    public List<Violation> validate() {
        List<Violation> violations = new ArrayList<>();
        absolutePathProblem(executable, true)
                .ifPresent(problem -> violations.add(new Violation("/executable", problem)));
        for (int i = 0; i < args.size(); i++) {
            String pointer = "/args/" + i;
            textProblem(args.get(i)).ifPresent(problem -> violations.add(new Violation(pointer, problem)));
        }
        absolutePathProblem(workingDir, false)
                .ifPresent(problem -> violations.add(new Violation("/workingDir", problem)));
        env.forEach((name, value) -> {
            String pointer = "/env/" + name.replace("~", "~0").replace("/", "~1");
            if (!isEnvironmentName(name)) {
                violations.add(new Violation(pointer, quoted(name)
                        + " is not an environment variable name: letters, digits and '_', not starting with a digit"));
            } else {
                textProblem(value).ifPresent(problem -> violations.add(new Violation(pointer, problem)));
            }
        });
        if (expectExitCode.isEmpty()) {
            violations.add(new Violation("/expectExitCode",
                    "must hold at least one exit code; leave it out to expect 0"));
        }
        for (int i = 0; i < expectExitCode.size(); i++) {
            Integer code = expectExitCode.get(i);
            if (code == null || code < 0 || code > 255) {
                violations.add(new Violation("/expectExitCode/" + i, "must be an exit code between 0 and 255"));
            }
        }
        if (stdoutMatches != null) {
            try {
                Pattern.compile(stdoutMatches);
            } catch (PatternSyntaxException e) {
                violations.add(new Violation("/stdoutMatches", "is not a regular expression: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "")));
            }
        }
        if (outputLimit < 1 || outputLimit > MAX_OUTPUT_LIMIT) {
            violations.add(new Violation("/outputLimit",
                    "must be between 1 and " + MAX_OUTPUT_LIMIT + " bytes (1 MiB)"));
        }
        return violations;
    }

    /** {@code stdoutMatches}, compiled; empty when not given. */
    public Optional<Pattern> stdoutPattern() {
        return Optional.ofNullable(stdoutMatches).map(Pattern::compile);
    }

    private static Optional<String> absolutePathProblem(String path, boolean required) {
        if (path == null) {
            return required ? Optional.of("is required: an absolute path, e.g. \"/usr/bin/df\"") : Optional.empty();
        }
        if (!path.startsWith("/")) {
            return Optional.of(quoted(path) + " is not an absolute path: it must start with '/'");
        }
        return textProblem(path);
    }

    private static Optional<String> textProblem(String text) {
        if (text == null) {
            return Optional.of("must be a string");
        }
        // The operating system ends an argument at the first NUL: what ran would not be what was asked.
        return text.indexOf('\0') >= 0 ? Optional.of("must not hold a NUL character") : Optional.empty();
    }
}
