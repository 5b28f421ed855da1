package dev.conveyor.worker.jobtypes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Stops a process and every process it started. */
final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Asks {@code process} and its descendants to stop (SIGTERM), waits up to {@code grace} for
     * {@code process} to exit, then kills whatever of the tree is left (SIGKILL). An interrupt
     * cuts the grace short, and is kept for the caller.
     *
     * @return how many processes were asked to stop
     */
    static int stop(Process process, Duration grace) {
        // Every descendant is listed before any process stops: a child whose parent is gone is
        // re-parented, and no longer found among the descendants.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        boolean interrupted = Thread.interrupted();
        if (!interrupted) {
            try {
                // Only the command is waited for: the JDK learns at once when its own child exits,
                // but polls for any other process, and takes an exited one that is not yet
                // reaped (a zombie) for alive.
                process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // A survivor may have started more processes meanwhile: those go too. The JDK checks a
        // process's start time before it signals, so a reused pid is never hit.
        tree.stream().filter(ProcessHandle::isAlive)
                .flatMap(member -> Stream.concat(member.descendants(), Stream.of(member)))
                .distinct().forEach(ProcessHandle::destroyForcibly);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return tree.size();
    }
}
