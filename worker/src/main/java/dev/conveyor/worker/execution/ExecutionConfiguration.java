package dev.conveyor.worker.execution;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ExecutionConfiguration {

    /** One virtual thread per job (and one more for its executor), so I/O-bound jobs cost no platform thread. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService jobThreads() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("job-", 0).factory());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
