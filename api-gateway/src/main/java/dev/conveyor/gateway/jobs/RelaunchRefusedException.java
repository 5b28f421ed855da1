package dev.conveyor.gateway.jobs;

import dev.conveyor.common.types.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A job that may not run again today: a relaunch is a new submission under today's rules, and
 * this one would break them. The problem's {@code reason} says which rule, for programs.
 */
public class RelaunchRefusedException extends ErrorResponseException {

    private RelaunchRefusedException(HttpStatus status, String reason, String detail, List<Violation> violations) {
        super(status, problem(status, reason, detail, violations), null);
    }

    /** Its template was deleted: what an admin retired stays retired. */
    public static RelaunchRefusedException templateDeleted(String jobId, String templateId) {
        return new RelaunchRefusedException(HttpStatus.CONFLICT, "template-deleted", "job " + jobId
                + " was launched from template '" + templateId + "', which was deleted; a relaunch is a launch of "
                + "its template today. An admin may create the template again, then launch it", List.of());
    }

    /** Its template no longer makes what it ran, and the caller could write a template that does. */
    public static RelaunchRefusedException templateChanged(String jobId, String templateId, long version) {
        return new RelaunchRefusedException(HttpStatus.CONFLICT, "template-changed", "template '" + templateId
                + "' (version " + version + ") no longer makes what job " + jobId + " ran; a relaunch runs the "
                + "template's current version. Launch it anew: POST /api/v1/templates/" + templateId + "/launch",
                List.of());
    }

    /** Its template no longer makes what it ran, and only an admin, who writes templates, could make it. */
    public static RelaunchRefusedException roleTooLow(String jobId, String templateId, long version) {
        return new RelaunchRefusedException(HttpStatus.FORBIDDEN, "role", "job " + jobId + " ran what template '"
                + templateId + "' (version " + version + ") no longer makes: only an admin, who writes templates, "
                + "could make that job today. Launch the template anew: POST /api/v1/templates/" + templateId
                + "/launch", List.of());
    }

    /** A {@code command} job that names no template: nobody may submit one. */
    public static RelaunchRefusedException commandWithoutTemplate(String jobId) {
        return new RelaunchRefusedException(HttpStatus.CONFLICT, "command-without-template", "job " + jobId
                + " is a command job without a template; command jobs run only from a template an admin wrote: "
                + "POST /api/v1/templates/{id}/launch", List.of());
    }

    /** What it ran no longer passes the checks a submission gets (its queue, timeout, target scope). */
    public static RelaunchRefusedException invalidToday(String jobId, List<Violation> violations) {
        return new RelaunchRefusedException(HttpStatus.CONFLICT, "invalid-today", "job " + jobId
                + " no longer passes the checks a submission gets today: " + violations.stream()
                .map(v -> v.pointer() + " " + v.message()).collect(Collectors.joining("; ")), violations);
    }

    private static ProblemDetail problem(HttpStatus status, String reason, String detail, List<Violation> violations) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle("Relaunch refused");
        problem.setProperty("reason", reason);
        if (!violations.isEmpty()) {
            // The same shape as a refused submission's: each error points into the job.
            problem.setProperty("errors", violations.stream().map(v -> {
                Map<String, String> error = new LinkedHashMap<>();
                error.put("pointer", v.pointer());
                error.put("detail", v.message());
                return error;
            }).toList());
        }
        return problem;
    }
}
