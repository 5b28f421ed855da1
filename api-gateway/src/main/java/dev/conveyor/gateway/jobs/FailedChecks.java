package dev.conveyor.gateway.jobs;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import dev.conveyor.common.jobs.PackedResult;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.profiles.ProfileReport;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What a relaunch with {@code onlyFailed} runs again: the checks of a profile job that failed or erred. */
final class FailedChecks {

    private FailedChecks() {
    }

    /** The params of {@code old} narrowed to its failed checks; 409 when there are none to run. */
    static JsonNode onlyFailed(JobSnapshot old, JsonNode params) {
        if (!"profile".equals(old.type()) || old.status() != JobStatus.SUCCEEDED || old.result() == null) {
            throw conflict("onlyFailed runs again the failed checks of a profile job that succeeded; job " + old.id()
                    + " is a " + old.status() + " '" + old.type() + "' job");
        }
        Map<String, List<String>> failed = ConveyorJson.mapper().treeToValue(PackedResult.unpacked(old.result()), ProfileReport.class)
                .failedChecks();
        if (failed.isEmpty()) {
            throw conflict("every check of job " + old.id() + " passed or was skipped: nothing to run again");
        }
        ObjectNode narrowed = (ObjectNode) params.deepCopy();
        narrowed.set("only", ConveyorJson.mapper().valueToTree(failed));
        return narrowed;
    }

    private static ErrorResponseException conflict(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle("Nothing to relaunch");
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }
}
