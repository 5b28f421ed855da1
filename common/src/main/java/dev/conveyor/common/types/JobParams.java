package dev.conveyor.common.types;

import java.util.List;

/** The typed parameters of one job type; checks what binding alone cannot. */
public sealed interface JobParams permits NoopParams, SleepParams, HttpParams, ProfileParams, TlsParams, TcpParams,
        DnsParams, CommandParams {

    /** What is wrong with these parameters, as pointers relative to {@code /params}; empty when valid. */
    List<Violation> validate();
}
