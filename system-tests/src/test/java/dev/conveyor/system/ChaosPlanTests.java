package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.conveyor.system.ChaosPlan.PartKind;
import dev.conveyor.system.ChaosPlan.Step;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChaosPlanTests {

    @Test
    void theSameSeedMakesTheSamePlan() {
        assertThat(ChaosPlan.of(settings(42, 12))).isEqualTo(ChaosPlan.of(settings(42, 12)));
        assertThat(ChaosPlan.of(settings(42, 12))).isNotEqualTo(ChaosPlan.of(settings(43, 12)));
    }

    @Test
    void everyKindOfPartIsKilledAtLeastOnce() {
        for (long seed = 1; seed <= 100; seed++) {
            assertThat(ChaosPlan.of(settings(seed, 4)).steps()).extracting(Step::kind)
                    .containsExactlyInAnyOrder(PartKind.values());
        }
    }

    @Test
    void kafkaNodesAreKilledInTurnAndStayDownLongerThanAProducerBatchMayWait() {
        ChaosPlan plan = ChaosPlan.of(settings(7, 40));

        var kafka = plan.steps().stream().filter(step -> step.kind() == PartKind.KAFKA_NODE).toList();
        assertThat(kafka).hasSizeGreaterThan(3);
        for (int i = 1; i < kafka.size(); i++) {
            assertThat(kafka.get(i).target()).isEqualTo(kafka.get(i - 1).target() % 3 + 1);
        }
        assertThat(kafka).allSatisfy(step -> assertThat(step.down()).isGreaterThanOrEqualTo(Duration.ofSeconds(15)));
    }

    @Test
    void stepsComeInOrderWithinTheDuration() {
        ChaosPlan plan = ChaosPlan.of(settings(9, 10));

        assertThat(plan.steps()).extracting(Step::at).isSorted()
                .allSatisfy(at -> assertThat(at).isLessThan(Duration.ofMinutes(2)));
    }

    @Test
    void fewerKillsThanKindsOfPartAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> settings(1, 3)).withMessageContaining("at least 4");
    }

    private static ChaosSettings settings(long seed, int kills) {
        return new ChaosSettings(seed, Duration.ofMinutes(2), kills, 1000);
    }
}
