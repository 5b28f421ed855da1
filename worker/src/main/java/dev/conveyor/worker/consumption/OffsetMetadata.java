package dev.conveyor.worker.consumption;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.BitSet;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * What a worker knows about the records beyond its committed offset, carried in the commit's
 * metadata string so that the next owner of the partition (after a rebalance or a crash) knows
 * it too: which records already finished (not to run again) and which had started (to run
 * again as a further attempt).
 *
 * <p>Each set is a bitmap of offsets relative to the committed one, deflated and Base64-encoded:
 * a few hundred bytes for thousands of offsets. The encoding is versioned ({@code v1}).
 *
 * @param finished offsets at or after the committed one whose jobs ended
 * @param started offsets at or after the committed one whose jobs started and did not end
 */
record OffsetMetadata(NavigableSet<Long> finished, NavigableSet<Long> started) {

    /** Kafka refuses a commit whose metadata exceeds {@code offset.metadata.max.bytes} (4096 by default). */
    static final int MAX_LENGTH = 3000;
    static final OffsetMetadata NONE = new OffsetMetadata(new TreeSet<>(), new TreeSet<>());
    private static final String VERSION = "v1";

    /**
     * Encodes both sets relative to {@code committed}. When they do not fit, only the offsets
     * nearest to the committed one are kept: those beyond may run again, or again without a
     * further attempt number, which the results' versions make harmless.
     */
    String encode(long committed) {
        if (finished.isEmpty() && started.isEmpty()) {
            return "";
        }
        long span = Math.max(last(finished), last(started)) - committed + 1;
        while (true) {
            String encoded = VERSION + ";f=" + bitmap(finished, committed, span) + ";s=" + bitmap(started, committed, span);
            if (encoded.length() <= MAX_LENGTH || span <= 1) {
                return encoded;
            }
            span /= 2;
        }
    }

    /** Decodes metadata committed at {@code committed}; anything unreadable (another version, another tool) reads as none. */
    static OffsetMetadata decode(String metadata, long committed) {
        if (metadata == null || !metadata.startsWith(VERSION + ";")) {
            return NONE;
        }
        try {
            NavigableSet<Long> finished = new TreeSet<>();
            NavigableSet<Long> started = new TreeSet<>();
            for (String part : metadata.substring(VERSION.length() + 1).split(";")) {
                if (part.startsWith("f=")) {
                    offsets(part.substring(2), committed, finished);
                } else if (part.startsWith("s=")) {
                    offsets(part.substring(2), committed, started);
                }
            }
            return new OffsetMetadata(finished, started);
        } catch (IllegalArgumentException | DataFormatException e) {
            return NONE;
        }
    }

    private static long last(NavigableSet<Long> offsets) {
        return offsets.isEmpty() ? Long.MIN_VALUE : offsets.last();
    }

    private static String bitmap(NavigableSet<Long> offsets, long base, long span) {
        BitSet bits = new BitSet();
        for (long offset : offsets.subSet(base, true, base + span, false)) {
            bits.set(Math.toIntExact(offset - base));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(deflate(bits.toByteArray()));
    }

    private static void offsets(String encoded, long base, NavigableSet<Long> into) throws DataFormatException {
        BitSet bits = BitSet.valueOf(inflate(Base64.getUrlDecoder().decode(encoded)));
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            into.add(base + i);
        }
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
