package dev.conveyor.common.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.types.Violation;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Parameter schemas and placeholders: what a launch may set, and what the job gets. */
class TemplateParamsTests {

    private static JsonNode json(String json) {
        return ConveyorJson.mapper().readTree(json);
    }

    private static final ParameterSchema SCHEMA = ParameterSchema.of(json("""
            {"properties": {
               "env":   {"enum": ["staging", "prod"], "default": "staging"},
               "token": {"type": "string", "writeOnly": true, "minLength": 4},
               "path":  {"type": "string", "pattern": "^/[a-z/]*$", "maxLength": 40},
               "expectStatus": {"type": "integer", "minimum": 100, "maximum": 599},
               "tags":  {"type": "array", "items": {"type": "string"}, "maxItems": 2}
             },
             "required": ["token"]}"""), "/parameters");

    @Test
    void defaultsAndGivenValuesAreMergedAndValidated() {
        JsonNode values = SCHEMA.values(json("{\"token\":\"abcd\",\"path\":\"/health\"}"), "/params");

        assertThat(values.get("env").asString()).isEqualTo("staging");
        assertThat(SCHEMA.secrets()).containsExactly("token");
    }

    @Test
    void everyBadValueIsNamedWithAPointerAndAnUndeclaredOneToo() {
        assertThatThrownBy(() -> SCHEMA.values(json("""
                {"env":"dev","path":"no-slash","expectStatus":"200","tags":["a","b","c"],"colour":"red"}"""), "/params"))
                .isInstanceOfSatisfying(InvalidTemplateException.class, e -> assertThat(e.violations())
                        .extracting(Violation::pointer)
                        .contains("/params/env", "/params/path", "/params/expectStatus", "/params/tags",
                                "/params/colour", "/params/token"));
    }

    @Test
    void aSchemaOutsideTheSupportedSubsetIsRefusedWithPointers() {
        assertThatThrownBy(() -> ParameterSchema.of(json("""
                {"properties": {"a": {"type": "object"}, "b": {"type": "string", "writeOnly": true, "default": "x"},
                                "c": {"type": "string", "pattern": "("}, "1d": {"type": "string", "$ref": "#"}},
                 "required": ["zzz"], "allOf": []}"""), "/parameters"))
                .isInstanceOfSatisfying(InvalidTemplateException.class, e -> assertThat(e.violations())
                        .extracting(Violation::pointer)
                        .contains("/parameters/allOf", "/parameters/properties/a/type",
                                "/parameters/properties/b/default", "/parameters/properties/c/pattern",
                                "/parameters/properties/1d", "/parameters/properties/1d/$ref", "/parameters/required/0"));
    }

    @Test
    void placeholdersAreFilledKeepingTypesAndUnreferencedParametersBecomeJobParameters() {
        JsonNode template = json("""
                {"url": "https://${env}.example.org${path}", "expectStatus": "${expectStatus}",
                 "headers": {"Authorization": "Bearer ${token}"}}""");
        var values = SCHEMA.values(json("{\"token\":\"abcd\",\"path\":\"/h\",\"expectStatus\":204,\"tags\":[\"x\"]}"),
                "/params");

        TemplateParams.Resolved resolved = TemplateParams.resolve(template, values, SCHEMA.secrets());

        assertThat(resolved.params().get("url").asString()).isEqualTo("https://staging.example.org/h");
        assertThat(resolved.params().get("expectStatus").asInt()).isEqualTo(204);
        assertThat(resolved.params().get("tags").get(0).asString()).isEqualTo("x");
        assertThat(resolved.params().at("/headers/Authorization").asString()).isEqualTo("Bearer abcd");
        assertThat(resolved.secretPointers()).containsExactly("/headers/Authorization");
    }

    @Test
    void aPlaceholderOfAnUndeclaredParameterIsNamed() {
        assertThat(TemplateParams.undeclared(json("{\"url\":\"${nope}\"}"), Set.of("env"), "/params"))
                .containsExactly(new Violation("/params/url", "${nope} names no declared parameter"));
    }
}
