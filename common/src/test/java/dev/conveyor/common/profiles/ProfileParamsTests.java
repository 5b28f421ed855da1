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

    @Test
    void aProfileOfMoreThanAThousandControlsIsRefusedBeforeAnyControlIsPlanned() {
        // Every control would be a problem if planned: only the limit may be reported.
        assertThatThrownBy(() -> parse(profileJob(1_001, 1)))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.pointer(), v -> v.message()).containsExactly(
                                tuple("/params/profile/controls",
                                        "holds 1001 controls; at most 1000 per profile: split the profile")));
    }

    @Test
    void moreThanAHundredThousandChecksAreRefusedBeforeAnyCheckIsPlanned() {
        assertThatThrownBy(() -> parse(profileJob(11, 10_000)))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.pointer(), v -> v.message()).containsExactly(
                                tuple("/params/inventory", "11 controls on 10000 targets make 110000 checks;"
                                        + " at most 100000 per job: split the inventory or the profile")));
    }

    @Test
    void aHundredThousandChecksAreStillPlanned() {
        assertThatThrownBy(() -> parse(profileJob(10, 10_000)))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.pointer()).hasSize(10)
                        .allMatch(pointer -> pointer.matches("/params/profile/controls/\\d+/check/params")));
    }

    /** A profile job whose every control names a variable no target has. */
    private static String profileJob(int controls, int targets) {
        StringBuilder json = new StringBuilder("{\"profile\": {\"id\": \"big\", \"controls\": [");
        for (int i = 0; i < controls; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\": \"c").append(i)
                    .append("\", \"check\": {\"type\": \"tcp\", \"params\": {\"host\": \"${target}\", \"port\": \"${nope}\"}}}");
        }
        json.append("]}, \"inventory\": {\"targets\": [");
        for (int i = 0; i < targets; i++) {
            json.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        return json.append("]}}").toString();
    }
}
