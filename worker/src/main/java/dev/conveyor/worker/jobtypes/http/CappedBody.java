package dev.conveyor.worker.jobtypes.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The body of an answer as far as it was read: at most a given number of bytes, so that a huge or
 * endless body costs a check neither memory nor time. Reading stops at the cap and drops the
 * connection. A check that asserts nothing on the body reads it without keeping it (its latency
 * counts the whole read). One that does keeps it in a single array, and before the first byte is
 * copied there it reserves, in the worker's {@link AnswerBudget}, room for all it may keep: the
 * length the answer declares, or the cap when it declares none, giving back what it did not use
 * once the body is read. Reserving all at once, holding nothing yet, a check never holds room while
 * it waits for more, so checks cannot stall one another.
 *
 * @param bytes the body's bytes, from the first, followed by room not used; empty when the body
 *     was not kept
 * @param length how many of {@code bytes} are the body's
 * @param cut whether the body went on past the cap (the rest was not read)
 */
record CappedBody(byte[] bytes, int length, boolean cut) {

    /**
     * The budget a kept byte takes: itself, its text, which the JVM stores at up to two bytes a
     * character (a byte decodes to at most one character in the charsets answers use), and the
     * masked copy of that text a failed check makes for its evidence. All of it up front, so that a
     * check never waits for more room while it holds some.
     */
    static final int BUDGET_PER_BYTE = 5;
    /** The array for a body that declares no length, at first; it doubles as the body comes. */
    static final int FIRST_ROOM = 16 * 1024;

    private static final byte[] NONE = new byte[0];

    /** The body as text in {@code charset}; a character cut in two at the cap becomes U+FFFD. */
    String text(Charset charset) {
        return new String(bytes, 0, length, charset);
    }

    /**
     * Reads a body up to {@code cap} bytes, all before {@code deadline}.
     *
     * @param keptIn where the check reserves room for the body it keeps; {@code null} to read the
     *     body without keeping it
     * @param deadline a {@link System#nanoTime}
     * @throws AnswerBudgetException when the check had no room to keep the body by the deadline
     * @throws TimeoutException when the body did not come by the deadline
     * @throws IOException when the body could not be read to its end
     */
    static CappedBody read(BodyStream stream, int cap, AnswerBudget.Lease keptIn, long deadline)
            throws IOException, TimeoutException, InterruptedException, AnswerBudgetException {
        Keeping keeping = keptIn == null ? null : new Keeping(keptIn, stream.declaredLength(), cap, deadline);
        int read = 0;
        boolean done = false;
        try {
            for (List<ByteBuffer> buffers; (buffers = stream.next(deadline)) != null; stream.more()) {
                for (ByteBuffer buffer : buffers) {
                    int taken = Math.min(buffer.remaining(), cap - read);
                    if (keeping != null) {
                        keeping.copy(buffer, read, taken);
                    } else {
                        buffer.position(buffer.position() + taken);
                    }
                    read += taken;
                    if (buffer.hasRemaining()) {
                        return keeping == null ? new CappedBody(NONE, 0, true) : keeping.body(read, true);
                    }
                }
            }
            done = true;
            return keeping == null ? new CappedBody(NONE, 0, false) : keeping.body(read, false);
        } finally {
            if (!done) {
                stream.cancel();
            }
        }
    }

    /** The array a kept body is copied into, and the room reserved for it. */
    private static final class Keeping {

        private final AnswerBudget.Lease lease;
        private final long declared;
        private final int cap;
        private final long deadline;
        private byte[] kept = NONE;
        private long reserved;

        Keeping(AnswerBudget.Lease lease, long declared, int cap, long deadline) {
            this.lease = lease;
            this.declared = declared;
            this.cap = cap;
            this.deadline = deadline;
        }

        void copy(ByteBuffer buffer, int at, int length) throws AnswerBudgetException, InterruptedException {
            int needed = at + length;
            if (needed > reserved) {
                // All the body may need, at once; more only if it sends more than it declared.
                long room = Math.max(needed, reserved == 0 && declared >= 0 ? Math.min(declared, cap) : cap);
                lease.reserve(BUDGET_PER_BYTE * (room - reserved), deadline);
                reserved = room;
            }
            if (needed > kept.length) {
                int grown = kept.length == 0 && declared >= 0 ? (int) reserved : Math.max(FIRST_ROOM, 2 * kept.length);
                kept = Arrays.copyOf(kept, (int) Math.min(reserved, Math.max(needed, grown)));
            }
            buffer.get(kept, at, length);
        }

        /** The body kept, the room reserved past its array given back. */
        CappedBody body(int length, boolean cut) {
            lease.giveBack(BUDGET_PER_BYTE * (reserved - kept.length));
            reserved = kept.length;
            return new CappedBody(kept, length, cut);
        }
    }
}
