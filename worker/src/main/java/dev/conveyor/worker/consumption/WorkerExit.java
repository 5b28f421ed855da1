package dev.conveyor.worker.consumption;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Ends the worker's process when it must not go on running: its id is a member of its group
 * already. Stopping, rather than retrying for ever with no partitions, makes the conflict plain
 * to whoever started it, and lets a supervisor (the launcher, Kubernetes) start it again later.
 */
@Component
class WorkerExit {

    /** The process's exit code when another member of the group has this worker's id. */
    static final int ID_TAKEN = 3;

    private final ConfigurableApplicationContext context;

    WorkerExit(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Closes the application and exits with {@link #ID_TAKEN}, on a thread of its own: closing
     * stops the job consumer, which waits for the thread that calls this.
     */
    void idTaken() {
        Thread.ofPlatform().name("worker-exit")
                .start(() -> System.exit(SpringApplication.exit(context, () -> ID_TAKEN)));
    }
}
