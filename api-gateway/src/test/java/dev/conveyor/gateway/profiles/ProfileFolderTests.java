package dev.conveyor.gateway.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import dev.conveyor.common.profiles.Profile;
import dev.conveyor.gateway.system.GatewayProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ProfileFolderTests {

    private final ProfileService service = mock(ProfileService.class);

    private static GatewayProperties withFolder(Path folder) {
        return new Binder(new MapConfigurationPropertySource(java.util.Map.of(
                "conveyor.gateway.profiles-dir", folder.toString())))
                .bind("conveyor.gateway", Bindable.of(GatewayProperties.class)).get();
    }

    @Test
    void everyValidFileIsStoredAndABadOneIsLoggedWithItsPlace(@TempDir Path folder, CapturedOutput output)
            throws Exception {
        Files.writeString(folder.resolve("a.yaml"), """
                id: a
                controls: [{id: one, check: {type: tcp, params: {host: "${target}", port: 22}}}]
                """);
        Files.writeString(folder.resolve("b.json"), """
                {"id": "b", "controls": [{"id": "one", "check": {"type": "tcp", "params": {"host": "x", "port": 1}}}]}""");
        Files.writeString(folder.resolve("c.yml"), "id: c\ncontrols:\n  - id: one\n    check: {type: teleport}\n");
        Files.writeString(folder.resolve("notes.txt"), "not a profile");
        given(service.replace(anyString(), any(), anyBoolean())).willAnswer(call -> call.<Profile>getArgument(1)
                .withVersion(1));

        new ProfileFolder(service, withFolder(folder)).load();

        then(service).should().replace(eq("a"), any(), eq(true));
        then(service).should().replace(eq("b"), any(), eq(true));
        then(service).should(never()).replace(eq("c"), any(), anyBoolean());
        assertThat(output.getAll()).contains("c.yml:4:", "/controls/0/check/type");
    }
}
