package dev.conveyor.common.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

class ProfileReaderTests {

    @Test
    void aProfileInYamlReadsWithItsDefaults() {
        Profile profile = ProfileReader.read("""
                id: web-basics
                title: Web basics
                controls:
                  - id: home
                    title: The home page answers
                    severity: high
                    tags: [web]
                    check:
                      type: http
                      params: {url: "https://${target}/"}
                  - id: ssh-closed
                    check: {type: tcp, params: {host: "${target}", port: 22, expect: closed}, timeout: PT2S}
                """, "web.yaml");

        assertThat(profile.id()).isEqualTo("web-basics");
        assertThat(profile.controls()).extracting(Control::id, Control::severity)
                .containsExactly(tuple("home", Severity.HIGH), tuple("ssh-closed", Severity.MEDIUM));
        assertThat(profile.controls().get(1).check().timeout()).hasSeconds(2);
    }

    @Test
    void aSyntaxErrorNamesFileLineAndColumn() {
        assertThatThrownBy(() -> ProfileReader.read("id: web\ncontrols:\n  - id: [unclosed\n", "web.yaml"))
                .isInstanceOfSatisfying(InvalidProfileException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.file()).isEqualTo("web.yaml");
                            assertThat(p.line()).isGreaterThanOrEqualTo(3);
                            assertThat(p.detail()).startsWith("not valid YAML or JSON");
                        }));
    }

    @Test
    void everyProblemIsPlacedWhereItIsWritten() {
        assertThatThrownBy(() -> ProfileReader.read("""
                id: web
                controls:
                  - id: home
                    check:
                      type: teleport
                      params: {}
                  - id: home
                    colour: red
                """, "web.yaml"))
                .isInstanceOfSatisfying(InvalidProfileException.class, e -> assertThat(e.problems())
                        .extracting(ProfileProblem::pointer, ProfileProblem::line)
                        .contains(tuple("/controls/1/colour", 8)));
        assertThatThrownBy(() -> ProfileReader.read("""
                id: web
                controls:
                  - id: home
                    check:
                      type: teleport
                      params: {}
                  - id: home
                """, "web.yaml"))
                .isInstanceOfSatisfying(InvalidProfileException.class, e -> assertThat(e.problems())
                        .extracting(ProfileProblem::pointer, ProfileProblem::line).containsExactly(
                                tuple("/controls/0/check/type", 5), tuple("/controls/1/id", 7),
                                tuple("/controls/1/check", 7)));
    }
}
