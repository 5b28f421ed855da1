package dev.conveyor.gateway.profiles;

import dev.conveyor.common.profiles.InvalidProfileException;
import dev.conveyor.common.profiles.Profile;
import dev.conveyor.common.profiles.ProfileReader;
import dev.conveyor.gateway.system.GatewayProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * The profiles that ship as files ({@code conveyor.gateway.profiles-dir}: {@code *.yaml},
 * {@code *.yml}, {@code *.json}), stored at start as the API would store them: a file that
 * differs from the stored profile of its id makes the next version, one that does not changes
 * nothing. A file that is not a valid profile is logged with its line and column, and skipped.
 */
@Component
class ProfileFolder {

    private static final Logger log = LoggerFactory.getLogger(ProfileFolder.class);

    private final ProfileService profiles;
    private final Path folder;

    ProfileFolder(ProfileService profiles, GatewayProperties properties) {
        this.profiles = profiles;
        this.folder = properties.profilesDir();
    }

    void load() {
        if (folder == null) {
            return;
        }
        if (!Files.isDirectory(folder)) {
            log.warn("No profiles loaded: {} (conveyor.gateway.profiles-dir) is not a folder", folder.toAbsolutePath());
            return;
        }
        for (Path file : files()) {
            try {
                Profile profile = ProfileReader.read(Files.readString(file), file.getFileName().toString());
                Profile stored = profiles.replace(profile.id(), profile, true);
                log.info("Profile {} from {}: version {}", stored.id(), file.getFileName(), stored.version());
            } catch (InvalidProfileException e) {
                e.problems().forEach(problem -> log.error("Profile file skipped: {}", problem));
            } catch (IOException | ErrorResponseException e) {
                log.error("Profile file {} skipped: {}", file, e.getMessage());
            }
        }
    }

    private List<Path> files() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.(ya?ml|json)")).sorted().toList();
        } catch (IOException e) {
            log.error("Profiles folder {} could not be read: {}", folder, e.getMessage());
            return List.of();
        }
    }
}
