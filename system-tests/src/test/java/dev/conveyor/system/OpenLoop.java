package dev.conveyor.system;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed arrival rate, scheduled by the clock: send number {@code i} is due at
 * {@code start + i / rate}, whether or not the ones before were answered. Latencies are measured
 * from the due time, so a sender that falls behind (or a system that makes it wait) shows as
 * latency rather than being hidden (no coordinated omission).
 */
final class OpenLoop {

    private OpenLoop() {
    }

    /** One send, told its number and its due time ({@link System#nanoTime()}). */
    interface Send {
        void send(int index, long dueNanos) throws Exception;
    }

    /**
     * Sends {@code rate × duration} times on this thread and returns the due times. A send should
     * not block: hand slow work to another thread.
     */
    static long[] run(int rate, Duration duration, Send send) throws Exception {
        int count = (int) (rate * duration.toNanos() / 1_000_000_000L);
        long[] due = new long[count];
        long start = System.nanoTime() + 1_000_000;
        for (int i = 0; i < count; i++) {
            due[i] = start + (long) (i * 1e9 / rate);
            long wait;
            while ((wait = due[i] - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            send.send(i, due[i]);
        }
        return due;
    }
}
