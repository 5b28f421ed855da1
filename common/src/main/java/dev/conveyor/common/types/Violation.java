package dev.conveyor.common.types;

/**
 * One thing wrong with a submitted job.
 *
 * @param pointer a JSON pointer into the submitted body, e.g. {@code /params/duration}
 * @param message what is wrong there
 */
public record Violation(String pointer, String message) {
}
