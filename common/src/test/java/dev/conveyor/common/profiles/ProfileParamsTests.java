package dev.conveyor.common.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.common.types.ProfileParams;
import org.junit.jupiter.api.Test;

class ProfileParamsTests {

    private static Object parse(String json) {
        return JobTypes.parse("profile", ConveyorJson.mapper().readTree(json));
    }

    @Test
    void aProfileIsCheckedOnEveryTargetBeforeAnythingIsQueued() {
        assertThatThrownBy(() -> parse("""
                {"profile": {"id": "web", "controls": [
                   {"id": "a", "check": {"type": "teleport", "params": {}}},
                   {"id": "a", "check": {"type": "http", "params": {"url": "http://${target}/"}}}]},
                 "inventory": {"targets": ["x", "x"]}, "concurrency": 0}"""))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.pointer()).containsExactlyInAnyOrder("/params/concurrency",
                                "/params/profile/controls/0/check/type", "/params/profile/controls/1/id",
                                "/params/inventory/targets/1"));
    }

    @Test
    void aCheckThatCannotRunOnATargetIsNamedWithTheTarget() {
        assertThatThrownBy(() -> parse("""
                {"profile": {"id": "web", "controls": [
                   {"id": "home", "check": {"type": "http", "params": {"url": "${scheme}://${target}/"}}},
                   {"id": "status", "check": {"type": "http", "params": {"url": "http://${target}/", "expectStatus": 42}}}]},
                 "inventory": {"groups": {"secure": {"vars": {"scheme": "https"}, "targets": ["a"]}},
                               "targets": ["b"]}}"""))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.pointer(), v -> v.message()).containsExactly(
                                tuple("/params/profile/controls/0/check/params",
                                        "${scheme} is neither ${target} nor a variable of the target (on target 'b')"),
                                tuple("/params/profile/controls/1/check/params/expectStatus",
                                        "must be an HTTP status between 100 and 599 (on target 'b')")));
    }

    @Test
    void aControlCannotRunACommandWhichOnlyATemplateMay() {
        assertThatThrownBy(() -> parse("""
                {"profile": {"id": "hosts", "controls": [
                   {"id": "disk", "check": {"type": "command", "params": {"executable": "/usr/bin/df"}}}]},
                 "inventory": {"targets": ["a"]}}"""))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.pointer(), v -> v.message()).containsExactly(
                                tuple("/params/profile/controls/0/check/type", "'command' cannot be a control:"
                                        + " command jobs run only from a template an admin wrote;"
                                        + " check types a control may use: [dns, http, tcp, tls]")));
    }

    @Test
    void defaultsAndGroupVariablesUnderTargetVariables() {
        ProfileParams params = (ProfileParams) parse("""
                {"profile": {"id": "web", "controls": [
                   {"id": "home", "check": {"type": "http", "params": {"url": "${scheme}://${target}/"}}}]},
                 "inventory": {"groups": {"g": {"vars": {"scheme": "https"},
                   "targets": ["a", {"name": "b", "vars": {"scheme": "http"}}]}}}}""");

        assertThat(params.concurrency()).isEqualTo(16);
        assertThat(params.profile().controls().getFirst().severity()).isEqualTo(Severity.MEDIUM);
        assertThat(params.inventory().expand()).extracting(t -> ProfilePlan.paramsFor(
                params.profile().controls().getFirst().check(), t).get("url").asString())
                .containsExactly("https://a/", "http://b/");
    }
}
