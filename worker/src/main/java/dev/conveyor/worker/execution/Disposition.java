package dev.conveyor.worker.execution;

/**
 * What becomes of a request once its job reached an end its snapshots already tell: done, or
 * also copied to the dead-letter topic for the reason given.
 *
 * @param deadLetterKind why the request goes to the dead-letter topic, as one of a few words
 *     ({@code unknown-type}, {@code invalid-params}, {@code retries-exhausted}, …) that can label
 *     a metric; {@code null} if it does not go there
 * @param deadLetterReason why, for a person; {@code null} if it does not go there
 */
public record Disposition(String deadLetterKind, String deadLetterReason) {

    public static final Disposition DONE = new Disposition(null, null);

    public static Disposition deadLetter(String kind, String reason) {
        return new Disposition(kind, reason);
    }

    public boolean deadLettered() {
        return deadLetterReason != null;
    }
}
