package dev.conveyor.worker.execution;

import dev.conveyor.common.jobs.JobEvent;
import dev.conveyor.common.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes the progress and log lines of running jobs on the job-events topic, keyed by job id,
 * for the gateways' live streams. Not awaited: a job never waits on who watches it, and a line
 * Kafka did not take is only logged.
 */
@Component
class JobEventPublisher implements JobContext.JobEventSink {

    private static final Logger log = LoggerFactory.getLogger(JobEventPublisher.class);

    private final KafkaTemplate<String, Object> kafka;
    private final String topic;

    JobEventPublisher(KafkaTemplate<String, Object> kafka, Topics topics) {
        this.kafka = kafka;
        this.topic = topics.jobEvents();
    }

    @Override
    public void emit(JobEvent event) {
        kafka.send(topic, event.jobId(), event).whenComplete((sent, failure) -> {
            if (failure != null) {
                log.debug("A {} line of job {} was not published: {}", event.kind(), event.jobId(), failure.toString());
            }
        });
    }
}
