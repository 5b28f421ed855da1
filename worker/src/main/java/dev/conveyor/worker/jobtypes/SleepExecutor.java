package dev.conveyor.worker.jobtypes;

import dev.conveyor.common.types.SleepParams;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.execution.JobExecutor;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code sleep}: waits on its virtual thread (holding no platform thread), then succeeds. A sleep
 * of two seconds or more tells its progress once a second.
 */
@Component
class SleepExecutor implements JobExecutor<SleepParams> {

    private static final Duration REPORTED_FROM = Duration.ofSeconds(2);

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
        Duration total = params.duration();
        if (total.compareTo(REPORTED_FROM) < 0) {
            Thread.sleep(total);
        } else {
            long seconds = total.toSeconds();
            for (long slept = 1; slept <= seconds; slept++) {
                Thread.sleep(Duration.ofSeconds(1));
                context.progress(slept * 1000.0 / total.toMillis(), "slept " + slept + " s of " + total);
            }
            Thread.sleep(total.minusSeconds(seconds));
        }
        return JsonNodeFactory.instance.objectNode().put("slept", params.duration().toString());
    }
}
