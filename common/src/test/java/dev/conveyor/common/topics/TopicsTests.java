package dev.conveyor.common.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTests {

    private final Topics topics = new Topics("conveyor");

    @Test
    void namesFollowThePrefix() {
        assertThat(topics.jobs("default")).isEqualTo("conveyor.jobs.default");
        assertThat(topics.jobResults()).isEqualTo("conveyor.job-results");
        assertThat(new Topics("acme").deadLetters()).isEqualTo("acme.jobs.dlt");
        assertThat(new Topics("acme").tokens()).isEqualTo("acme.tokens");
    }

    @Test
    void aQueueNameCannotEscapeItsTopic() {
        assertThatThrownBy(() -> topics.jobs("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Topics.isValidQueueName("Reports")).isFalse();
        assertThat(Topics.isValidQueueName("reports-eu_1")).isTrue();
        assertThat(Topics.isValidQueueName("dlt")).as("its jobs topic would be the dead letters").isFalse();
    }

    @Test
    void resultsAreCompactedAndRequestsExpire() {
        List<NewTopic> declared = topics.declarations(List.of("default", "slow"), 6, (short) 1);

        assertThat(declared).extracting(NewTopic::name).containsExactly(
                "conveyor.jobs.default", "conveyor.retries.default", "conveyor.jobs.slow", "conveyor.retries.slow",
                "conveyor.job-results", "conveyor.job-events", "conveyor.jobs.dlt", "conveyor.control",
                "conveyor.workers", "conveyor.templates", "conveyor.profiles");
        assertThat(declared.get(4).configs()).containsEntry("cleanup.policy", "compact");
        assertThat(declared.get(9).configs()).containsEntry("cleanup.policy", "compact");
        assertThat(declared.get(10).configs()).containsEntry("cleanup.policy", "compact");
        assertThat(declared.get(7).configs()).containsEntry("cleanup.policy", "compact,delete");
        assertThat(declared.get(0).configs()).containsEntry("retention.ms", "604800000");
        assertThat(declared.get(0).configs()).doesNotContainKey("min.insync.replicas");
    }

    @Test
    void tokensLiveOnOneCompactedPartitionThatNeverExpires() {
        NewTopic tokens = topics.tokensDeclaration((short) 1);

        assertThat(tokens.name()).isEqualTo("conveyor.tokens").isEqualTo(topics.tokens());
        assertThat(tokens.numPartitions()).isEqualTo(1);
        assertThat(tokens.configs()).containsEntry("cleanup.policy", "compact").doesNotContainKey("retention.ms");
        assertThat(topics.tokensDeclaration((short) 3).configs()).containsEntry("min.insync.replicas", "2");
    }

    @Test
    void theAuditTrailIsKeptForeverUnlessARetentionIsGiven() {
        NewTopic audit = topics.auditDeclaration((short) 1, null);

        assertThat(audit.name()).isEqualTo("conveyor.audit").isEqualTo(topics.audit());
        assertThat(audit.numPartitions()).isEqualTo(1);
        assertThat(audit.configs()).containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", "-1");
        assertThat(topics.auditDeclaration((short) 3, java.time.Duration.ofDays(400)).configs())
                .containsEntry("retention.ms", "34560000000").containsEntry("min.insync.replicas", "2");
    }

    @Test
    void threeReplicasRequireTwoInSync() {
        assertThat(topics.declarations(List.of("default"), 6, (short) 3))
                .allSatisfy(t -> assertThat(t.configs()).containsEntry("min.insync.replicas", "2"));
    }

    @Test
    void aPrefixKafkaCouldNotNameTopicsWithIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Topics("a,b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conveyor.topics.prefix");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Topics(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theQueueOfAJobsOrRetriesTopicIsKnownFromItsName() {
        assertThat(topics.queueOf(topics.jobs("scans"))).contains("scans");
        assertThat(topics.queueOf(topics.retries("scans"))).contains("scans");
        assertThat(topics.queueOf(topics.jobResults())).isEmpty();
        assertThat(topics.queueOf("other.jobs.scans")).isEmpty();
        assertThat(topics.queueOf(topics.deadLetters())).isEmpty();
    }
}
