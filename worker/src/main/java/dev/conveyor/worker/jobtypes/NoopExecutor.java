package dev.conveyor.worker.jobtypes;

import dev.conveyor.common.types.NoopParams;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.execution.JobExecutor;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** {@code noop}: succeeds at once; measures the pipeline itself. */
@Component
class NoopExecutor implements JobExecutor<NoopParams> {

    @Override
    public String type() {
        return "noop";
    }

    @Override
    public Class<NoopParams> paramsType() {
        return NoopParams.class;
    }

    @Override
    public JsonNode execute(NoopParams params, JobContext context) {
        return null;
    }
}
