package dev.conveyor.worker.execution;

import dev.conveyor.common.types.JobParams;
import dev.conveyor.common.types.JobTypes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The executors of this worker, by job type. */
@Component
class ExecutorRegistry {

    private static final Logger log = LoggerFactory.getLogger(ExecutorRegistry.class);

    private final Map<String, JobExecutor<?>> byType;

    ExecutorRegistry(List<JobExecutor<?>> executors, List<Check<?>> checks) {
        this.byType = Stream.concat(executors.stream(), checks.stream().map(ExecutorRegistry::asJob))
                .collect(Collectors.toUnmodifiableMap(JobExecutor::type, Function.identity()));
        for (String type : byType.keySet()) {
            if (!JobTypes.isKnown(type)) {
                throw new IllegalStateException("executor for '" + type + "', which is not a known job type");
            }
        }
        JobTypes.names().stream().filter(t -> !byType.containsKey(t))
                .forEach(t -> log.warn("No executor for job type '{}': such jobs will fail on this worker", t));
    }

    private static <P extends JobParams> JobExecutor<P> asJob(Check<P> check) {
        return new CheckExecutor<>(check);
    }

    Optional<JobExecutor<?>> forType(String type) {
        return Optional.ofNullable(byType.get(type));
    }
}
