package dev.conveyor.common.types;

import java.util.List;

/** {@code noop}: does nothing and succeeds; for tests and benchmarks of the pipeline itself. */
public record NoopParams() implements JobParams {

    @Override
    public List<Violation> validate() {
        return List.of();
    }
}
