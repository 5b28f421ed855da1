package dev.conveyor.common.targets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.JobParams;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.common.types.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each job type's checks connect, and what a scope refuses of them before resolving. */
class JobTargetsTests {

    private static final TargetScope DEFAULTS = new TargetScopes(new TargetsProperties(null, null)).forQueue("default");

    private static JobParams job(String type, String params) {
        return JobTypes.parse(type, ConveyorJson.mapper().readTree(params));
    }

    @Test
    void eachCheckConnectsWhereItsParamsSay() {
        assertThat(JobTargets.endpoints(job("http", "{\"url\": \"https://example.org/health\"}")))
                .containsExactly(new JobTargets.Endpoint("/url", "example.org", 443));
        assertThat(JobTargets.endpoints(job("http", "{\"url\": \"http://[::1]:8080/\"}")))
                .containsExactly(new JobTargets.Endpoint("/url", "[::1]", 8080));
        assertThat(JobTargets.endpoints(job("tcp", "{\"host\": \"db.example.org\", \"port\": 5432}")))
                .containsExactly(new JobTargets.Endpoint("/host", "db.example.org", 5432));
        assertThat(JobTargets.endpoints(job("tls", "{\"host\": \"example.org\"}")))
                .containsExactly(new JobTargets.Endpoint("/host", "example.org", 443));
        // A dns check connects to its resolver; the name it asks about is only a question.
        assertThat(JobTargets.endpoints(job("dns", "{\"name\": \"metadata.google.internal\", \"resolver\": \"192.0.2.53\"}")))
                .containsExactly(new JobTargets.Endpoint("/resolver", "192.0.2.53", 53));
        assertThat(JobTargets.endpoints(job("dns", "{\"name\": \"example.org\"}"))).isEmpty();
        assertThat(JobTargets.endpoints(job("sleep", "{\"duration\": \"PT1S\"}"))).isEmpty();
    }

    @Test
    void refusalsPointAtTheParamThatNamesTheTarget() {
        assertThat(JobTargets.refusals(job("http", "{\"url\": \"http://169.254.169.254/latest/meta-data/\"}"), DEFAULTS))
                .extracting(Violation::pointer).containsExactly("/url");
        assertThat(JobTargets.refusals(job("dns", "{\"name\": \"example.org\", \"resolver\": \"[fe80::1]:53\"}"), DEFAULTS))
                .extracting(Violation::pointer).containsExactly("/resolver");
        assertThat(JobTargets.refusals(job("tcp", "{\"host\": \"localhost\", \"port\": 9092}"), DEFAULTS)).isEmpty();
    }

    @Test
    void aProfileIsRefusedAtTheControlAndTargetThatReachOutOfScope() {
        JobParams profile = job("profile", """
                {"profile": {"id": "p", "title": "P", "controls": [
                    {"id": "web", "title": "Web", "check": {"type": "http", "params": {"url": "http://${target}/"}}},
                    {"id": "ssh", "title": "SSH", "check": {"type": "tcp", "params": {"host": "${target}", "port": 22}}}]},
                 "inventory": {"targets": ["localhost", "169.254.169.254"]}}""");

        List<Violation> refusals = JobTargets.refusals(profile, DEFAULTS);

        assertThat(refusals).extracting(Violation::pointer)
                .containsExactly("/profile/controls/0/check/params/url", "/profile/controls/1/check/params/host");
        assertThat(refusals.getFirst().message()).endsWith("matches it (on target '169.254.169.254')");
    }
}
