package dev.conveyor.common.types;

import java.util.List;

/** A job that cannot be accepted as submitted; carries every violation found, not just the first. */
public class InvalidJobException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidJobException(List<Violation> violations) {
        super(violations.stream().map(v -> v.pointer() + ": " + v.message()).reduce((a, b) -> a + "; " + b)
                .orElse("invalid job"));
        this.violations = List.copyOf(violations);
    }

    public InvalidJobException(String pointer, String message) {
        this(List.of(new Violation(pointer, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
