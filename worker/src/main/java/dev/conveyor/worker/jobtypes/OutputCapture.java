package dev.conveyor.worker.jobtypes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Reads one output stream of a process to its end on a virtual thread of its own, keeping at most
 * {@code limit} bytes. The rest is read and dropped rather than left in the pipe: a process whose
 * pipe is full blocks, and would never exit. Thread-safe.
 */
final class OutputCapture {

    private static final int CHUNK = 8192;

    private final InputStream stream;
    private final int limit;
    private final ByteArrayOutputStream kept;
    private final CountDownLatch ended = new CountDownLatch(1);
    private long total;
    private IOException failure;

    private OutputCapture(InputStream stream, int limit) {
        this.stream = stream;
        this.limit = limit;
        this.kept = new ByteArrayOutputStream(Math.min(limit, CHUNK));
    }

    /** Starts reading {@code stream}, which the capture closes at its end. */
    static OutputCapture start(String name, InputStream stream, int limit) {
        OutputCapture capture = new OutputCapture(stream, limit);
        Thread.ofVirtual().name(name).start(capture::drain);
        return capture;
    }

    /**
     * What was read by the end of the stream, or by the end of {@code patience} if the stream is
     * still open then (a process the command started may hold it open after the command exits).
     *
     * @throws InterruptedException when interrupted while waiting
     */
    Output await(Duration patience) throws InterruptedException {
        boolean complete = ended.await(Math.max(0, patience.toNanos()), TimeUnit.NANOSECONDS);
        return snapshot(complete);
    }

    private void drain() {
        byte[] buffer = new byte[CHUNK];
        try (stream) {
            int read;
            while ((read = stream.read(buffer)) >= 0) {
                keep(buffer, read);
            }
        } catch (IOException e) {
            synchronized (this) {
                failure = e;
            }
        } finally {
            ended.countDown();
        }
    }

    private synchronized void keep(byte[] buffer, int read) {
        int room = (int) Math.max(0, limit - total);
        kept.write(buffer, 0, Math.min(room, read));
        total += read;
    }

    private synchronized Output snapshot(boolean complete) {
        // A cut may fall inside a multi-byte character: the decoder marks it with U+FFFD.
        String text = kept.toString(StandardCharsets.UTF_8);
        return new Output(text, total, total > limit, complete && failure == null);
    }

    /**
     * One stream's output, as far as it was read.
     *
     * @param text the bytes kept, as UTF-8
     * @param bytes how many bytes were read in all
     * @param truncated whether some were dropped, past the limit
     * @param complete whether the stream was read to its end
     */
    record Output(String text, long bytes, boolean truncated, boolean complete) {

        /**
         * This output as kept up to {@code limit} bytes, masked before it is cut there, so that no
         * part of a secret is left at the cut (the capture read past the limit for that).
         */
        Output keptTo(int limit, UnaryOperator<String> redaction) {
            String masked = redaction.apply(text);
            if (bytes <= limit) {
                return new Output(masked, bytes, false, complete);
            }
            byte[] encoded = masked.getBytes(StandardCharsets.UTF_8);
            // A cut may fall inside a multi-byte character: the decoder marks it with U+FFFD.
            String kept = encoded.length <= limit ? masked : new String(encoded, 0, limit, StandardCharsets.UTF_8);
            return new Output(kept, bytes, true, complete);
        }
    }
}
