package dev.conveyor.worker.execution;

import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.common.secrets.SecretsProperties;
import dev.conveyor.worker.system.WorkerProperties;
import java.time.Clock;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ExecutionConfiguration {

    @Bean
    JobThreads jobThreads(WorkerProperties properties) {
        return new JobThreads(
                Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("job-", 0).factory()),
                Executors.newFixedThreadPool(properties.cpuThreads(), Thread.ofPlatform().name("cpu-job-", 0)
                        .daemon(true).factory()));
    }

    @Bean
    SecretBox secretBox(SecretsProperties properties) {
        return properties.box();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
