package dev.conveyor.worker.jobtypes.http;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The memory that {@code http} checks may fill with the answers they keep, all checks of this
 * worker together ({@value #PROPERTY}). A check reserves room through its {@link Lease} before it
 * buffers, and gives it all back when it ends, so that however many checks run at once and however
 * large their answers, what they keep never exceeds the budget: a worker is not killed by answers.
 * A check that finds no room waits for it, first come first served, up to its own deadline, and is
 * then refused with {@link AnswerBudgetException}.
 *
 * <p>Thread-safe. A check's lease is used by that check's thread alone.
 */
@Component
final class AnswerBudget {

    static final String PROPERTY = "conveyor.worker.http.answer-budget";

    private final long total;
    private final String described;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The leases waiting for room, in the order they came. */
    private final Queue<Lease> waiting = new ArrayDeque<>();
    private long held;
    private long peak;

    @Autowired
    AnswerBudget(HttpCheckProperties properties) {
        this(properties.answerBudget().toBytes());
    }

    /** @param total how many bytes the checks' answers may take at once */
    AnswerBudget(long total) {
        if (total < 1) {
            throw new IllegalArgumentException(PROPERTY + " must be positive");
        }
        this.total = total;
        this.described = "this worker's answer budget (" + PROPERTY + ", " + size(total) + ")";
    }

    /** A budget of the default size, as a worker without settings has. */
    static AnswerBudget withDefaultSize() {
        return new AnswerBudget(new HttpCheckProperties(DataSize.parse(HttpCheckProperties.DEFAULT_ANSWER_BUDGET)));
    }

    /** A check's share, empty until it reserves. */
    Lease lease() {
        return new Lease();
    }

    /** How many bytes the checks' answers hold now. */
    long held() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    /** The most the checks' answers have held at once: what the budget's size is judged by. */
    long peak() {
        lock.lock();
        try {
            return peak;
        } finally {
            lock.unlock();
        }
    }

    /** What a check holds of the budget; {@link #release} and {@link #close} give it all back. */
    final class Lease implements AutoCloseable {

        private long reserved;
        private long waitedNanos;

        private Lease() {
        }

        /**
         * Reserves {@code bytes} more for this check, waiting for room until {@code deadline}.
         *
         * @param deadline a {@link System#nanoTime} by which the check must have its room
         * @throws AnswerBudgetException when there is no room by the deadline, or never can be
         * @throws InterruptedException when the check is canceled while it waits
         */
        void reserve(long bytes, long deadline) throws AnswerBudgetException, InterruptedException {
            if (bytes <= 0) {
                return;
            }
            lock.lock();
            try {
                if (reserved + bytes > total) {
                    throw new AnswerBudgetException("its answer needs " + size(reserved + bytes) + " of " + described
                            + ", more than all of it");
                }
                if (waiting.isEmpty() && held + bytes <= total) {
                    take(bytes);
                    return;
                }
                waitFor(bytes, deadline);
            } finally {
                lock.unlock();
            }
        }

        private void waitFor(long bytes, long deadline) throws AnswerBudgetException, InterruptedException {
            long started = System.nanoTime();
            waiting.add(this);
            try {
                while (waiting.peek() != this || held + bytes > total) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AnswerBudgetException("there was no room for its answer in " + described
                                + " within its timeout: other checks held their answers");
                    }
                    changed.awaitNanos(left);
                }
                take(bytes);
            } finally {
                waiting.remove(this);
                waitedNanos += System.nanoTime() - started;
                // The next in line may fit now.
                changed.signalAll();
            }
        }

        private void take(long bytes) {
            held += bytes;
            reserved += bytes;
            peak = Math.max(peak, held);
        }

        /** How long this check has waited for room, which its latency does not count. */
        long waitedNanos() {
            return waitedNanos;
        }

        /** Gives back {@code bytes} of what this check holds: room it reserved and did not need. */
        void giveBack(long bytes) {
            if (bytes <= 0) {
                return;
            }
            lock.lock();
            try {
                long given = Math.min(bytes, reserved);
                held -= given;
                reserved -= given;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Gives back all this check holds, which it may reserve again: what it kept is no longer needed. */
        void release() {
            lock.lock();
            try {
                held -= reserved;
                reserved = 0;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Gives back all this check holds, as it ends. */
        @Override
        public void close() {
            release();
        }
    }

    /** {@code bytes} for people: in MiB or KiB when whole, else in bytes. */
    static String size(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
