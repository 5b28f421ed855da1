package dev.conveyor.worker.jobtypes;

import dev.conveyor.common.types.SleepParams;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.execution.JobExecutor;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** {@code sleep}: waits on its virtual thread (holding no platform thread), then succeeds. */
@Component
class SleepExecutor implements JobExecutor<SleepParams> {

    @Override
    public String type() {
        return "sleep";
    }

    @Override
    public Class<SleepParams> paramsType() {
        return SleepParams.class;
    }

    @Override
    public JsonNode execute(SleepParams params, JobContext context) throws InterruptedException {
        Thread.sleep(params.duration());
        return JsonNodeFactory.instance.objectNode().put("slept", params.duration().toString());
    }
}
