package dev.conveyor.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.conveyor.common.topics.Topics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class KafkaAclsTests {

    private final Topics topics = new Topics("conveyor");
    private final List<AclBinding> gateway = KafkaAcls.gateway("gateway", topics, "conveyor-workers");
    private final List<AclBinding> worker = KafkaAcls.worker("worker", topics, "conveyor-workers");

    @Test
    void aWorkerReadsRequestsAndWritesOutcomesButNoTemplatesTokensOrRequests() {
        assertThat(on(worker, topics.jobs("default"))).contains(AclOperation.READ).doesNotContain(AclOperation.WRITE);
        assertThat(on(worker, topics.retries("default"))).contains(AclOperation.READ, AclOperation.WRITE);
        assertThat(on(worker, topics.jobResults())).contains(AclOperation.WRITE).doesNotContain(AclOperation.READ);
        assertThat(on(worker, topics.deadLetters())).contains(AclOperation.WRITE);
        assertThat(on(worker, topics.templates())).doesNotContain(AclOperation.WRITE, AclOperation.READ);
        assertThat(on(worker, topics.tokens())).doesNotContain(AclOperation.WRITE, AclOperation.READ);
        assertThat(on(worker, topics.profiles())).doesNotContain(AclOperation.WRITE);
        assertThat(on(worker, topics.audit())).doesNotContain(AclOperation.WRITE, AclOperation.READ);
    }

    @Test
    void aGatewayWritesRequestsAndReadsOutcomesButNotTheRequestsOrHeartbeatsItDoesNotOwn() {
        assertThat(on(gateway, topics.jobs("reports"))).contains(AclOperation.WRITE).doesNotContain(AclOperation.READ);
        assertThat(on(gateway, topics.templates())).contains(AclOperation.READ, AclOperation.WRITE);
        assertThat(on(gateway, topics.tokens())).contains(AclOperation.READ, AclOperation.WRITE);
        assertThat(on(gateway, topics.audit())).contains(AclOperation.READ, AclOperation.WRITE);
        assertThat(on(gateway, topics.workers())).contains(AclOperation.READ).doesNotContain(AclOperation.WRITE);
        assertThat(on(gateway, topics.jobEvents())).contains(AclOperation.READ).doesNotContain(AclOperation.WRITE);
        assertThat(on(gateway, topics.retries("default"))).doesNotContain(AclOperation.READ, AclOperation.WRITE);
    }

    @Test
    void anAutoscalerSeesTheQueuesAndTheWorkersGroupButReadsAndWritesNothing() {
        List<AclBinding> autoscaler = KafkaAcls.autoscaler("autoscaler", topics, "conveyor-workers");
        assertThat(on(autoscaler, topics.jobs("default"))).containsExactly(AclOperation.DESCRIBE);
        assertThat(on(autoscaler, topics.templates())).isEmpty();
        assertThat(on(autoscaler, topics.retries("default"))).isEmpty();
        assertThat(autoscaler).filteredOn(b -> b.pattern().resourceType() == ResourceType.GROUP)
                .extracting(b -> b.pattern().name(), b -> b.entry().operation())
                .containsExactly(tuple("conveyor-workers", AclOperation.DESCRIBE));
    }

    @Test
    void noRuleReachesTopicsOfAnotherPrefix() {
        assertThat(on(worker, "other.jobs.default")).isEmpty();
        assertThat(on(gateway, "other.templates")).isEmpty();
    }

    /** The operations the bindings allow on a topic, as the broker matches literal and prefixed patterns. */
    private static Set<AclOperation> on(List<AclBinding> bindings, String topic) {
        return bindings.stream().filter(b -> b.pattern().resourceType() == ResourceType.TOPIC)
                .filter(b -> b.pattern().patternType() == PatternType.LITERAL ? b.pattern().name().equals(topic)
                        : topic.startsWith(b.pattern().name()))
                .map(b -> b.entry().operation()).collect(Collectors.toSet());
    }
}
