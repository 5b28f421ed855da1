package dev.conveyor.worker.jobtypes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * An empty directory, readable by this worker's user alone, that a command without a
 * {@code workingDir} runs in, deleted with whatever the command left there once it has ended.
 * Run in the worker's own directory, a command could reach what lies beside the worker (under the
 * launcher, the run folder with its keys and tokens) through relative paths or {@code /proc/self/cwd}.
 */
final class PrivateWorkingDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PrivateWorkingDirectory.class);

    private final Path path;

    private PrivateWorkingDirectory(Path path) {
        this.path = path;
    }

    /** @throws UncheckedIOException when the system's temporary directory takes no new directory */
    static PrivateWorkingDirectory create(String jobId) {
        try {
            return new PrivateWorkingDirectory(Files.createTempDirectory("conveyor-job-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a private working directory for job " + jobId, e);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            FileSystemUtils.deleteRecursively(path);
        } catch (IOException e) {
            log.warn("Could not delete the working directory {} of a command: {}", path, e.toString());
        }
    }
}
