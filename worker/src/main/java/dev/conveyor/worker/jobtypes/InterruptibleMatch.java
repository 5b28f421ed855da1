package dev.conveyor.worker.jobtypes;

import java.util.regex.Pattern;

/**
 * Regular expressions matched so that a cancel or a timeout stops them: a pattern that
 * backtracks badly over a mebibyte of output could run for hours otherwise, since matching never
 * looks at interrupts itself.
 */
public final class InterruptibleMatch {

    private InterruptibleMatch() {
    }

    /**
     * Whether {@code pattern} is found in {@code text}.
     *
     * @throws InterruptedException when the thread is interrupted while matching
     */
    public static boolean find(Pattern pattern, CharSequence text) throws InterruptedException {
        try {
            return pattern.matcher(new Interruptible(text)).find();
        } catch (MatchInterrupted e) {
            // As any method that throws InterruptedException: the interrupt is in the exception now.
            Thread.interrupted();
            throw new InterruptedException("interrupted while matching " + pattern.pattern());
        }
    }

    /** Text that a regular expression reads through, giving up when its thread is interrupted. */
    private record Interruptible(CharSequence text) implements CharSequence {

        @Override
        public char charAt(int index) {
            if (Thread.currentThread().isInterrupted()) {
                throw new MatchInterrupted();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Interruptible(text.subSequence(start, end));
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static final class MatchInterrupted extends RuntimeException {

        MatchInterrupted() {
            super("interrupted", null, false, false);
        }
    }
}
