package dev.conveyor.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.targets.TargetsProperties;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.common.types.Violation;
import dev.conveyor.gateway.system.GatewayProperties;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Which jobs the gateway makes requests of, by how they came to be. */
class JobRequestFactoryTests {

    private final JobRequestFactory factory = new JobRequestFactory(new Binder(new MapConfigurationPropertySource(
            Map.of())).bindOrCreate("conveyor.gateway", Bindable.of(GatewayProperties.class)),
            new TargetsProperties(null, null), Clock.systemUTC());

    private static SubmitJobRequest aDiskCommand() {
        return new SubmitJobRequest("command", ConveyorJson.mapper().readTree("""
                {"executable": "/usr/bin/df", "args": ["-h", "/"]}"""), null, null, null, null);
    }

    private static JobOrigin launchedFrom(String templateId) {
        return new JobOrigin(templateId, 3L, null, null);
    }

    @Test
    void aCommandLaunchedFromATemplateIsMadeIntoARequest() {
        List<Violation> violations = new ArrayList<>();

        JobRequest request = factory.create(aDiskCommand(), "job-1", "otto", launchedFrom("disk-usage"), "", violations);

        assertThat(violations).isEmpty();
        assertThat(request.type()).isEqualTo("command");
        // What a worker binds: the params as the gateway wrote them, defaults filled in.
        assertThat(JobTypes.parse("command", request.params()))
                .isEqualTo(JobTypes.parse("command", aDiskCommand().params()));
        assertThat(request.origin().templateId()).isEqualTo("disk-usage");
    }

    @Test
    void aCommandSubmittedDirectlyIsRefusedAtItsType() {
        List<Violation> violations = new ArrayList<>();

        JobRequest request = factory.create(aDiskCommand(), "job-1", "otto", JobOrigin.DIRECT, "/jobs/4", violations);

        assertThat(request).isNull();
        assertThat(violations).containsExactly(new Violation("/jobs/4/type",
                "command jobs run only from a template an admin wrote: POST /api/v1/templates/{id}/launch"));
    }

    @Test
    void aJobLaunchedFromATemplateIsHeldToItsQueuesScopeToo() {
        List<Violation> violations = new ArrayList<>();
        SubmitJobRequest metadata = new SubmitJobRequest("tcp", ConveyorJson.mapper().readTree(
                "{\"host\": \"169.254.169.254\", \"port\": 80}"), null, null, null, null);

        JobRequest request = factory.create(metadata, "job-1", "otto", launchedFrom("probe"), "", violations);

        assertThat(request).isNull();
        assertThat(violations).extracting(Violation::pointer).containsExactly("/params/host");
    }
}
