package dev.conveyor.worker.execution;

import dev.conveyor.common.jobs.JobRequest;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Continues the trace a job's request carries in its Kafka headers (put there by the gateway
 * that accepted it over HTTP), so that the worker's log lines and the records it publishes about
 * the job carry the same trace id as the request that submitted it.
 */
@Component
public class JobTracing {

    private static final Propagator.Getter<Headers> HEADERS = (headers, key) -> {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    };

    private final Tracer tracer;
    private final Propagator propagator;

    /** Without a tracer (tracing left out of the build), jobs run untraced. */
    @Autowired
    JobTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    JobTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Starts the span of one attempt of a job, in the trace its request's headers name (or a new one). */
    public Span start(JobRequest request, Headers headers) {
        return propagator.extract(headers, HEADERS).name("job " + request.type()).kind(Span.Kind.CONSUMER)
                .tag("conveyor.job.id", request.id()).tag("conveyor.queue", request.queue())
                .tag("conveyor.attempt", String.valueOf(request.attempt())).start();
    }

    /** Makes the span current on this thread until closed: log lines and published records carry it. */
    Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }

    /** For tests, and wherever jobs run without tracing. */
    public static JobTracing untraced() {
        return new JobTracing(Tracer.NOOP, Propagator.NOOP);
    }
}
