package dev.conveyor.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTests {

    private static final RetryPolicy THREE = new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(3), 0.0,
            null);

    @Test
    void retriesTransientFailuresUntilTheLastAttempt() {
        assertThat(THREE.retries(1, "unreachable", true)).isTrue();
        assertThat(THREE.retries(2, "unreachable", true)).isTrue();
        assertThat(THREE.retries(3, "unreachable", true)).isFalse();
        assertThat(THREE.retries(1, "invalid-params", false)).isFalse();
    }

    @Test
    void listedErrorKindsReplaceTheJobTypesJudgement() {
        RetryPolicy onTimeout = new RetryPolicy(2, null, null, null, null, Set.of("timeout"));

        assertThat(onTimeout.retries(1, "timeout", false)).isTrue();
        assertThat(onTimeout.retries(1, "unreachable", true)).isFalse();
    }

    @Test
    void aRefusedTargetIsNeverRetriedEvenWhenRetryOnNamesIt() {
        RetryPolicy onRefusal = new RetryPolicy(5, null, null, null, null, Set.of("target-refused"));

        assertThat(onRefusal.retries(1, "target-refused", false)).isFalse();
        assertThat(THREE.retries(1, "target-refused", true)).isFalse();
    }

    @Test
    void noPolicyMeansOneAttempt() {
        assertThat(RetryPolicy.NONE.retries(1, "unreachable", true)).isFalse();
    }

    @Test
    void delaysGrowExponentiallyUpToTheCap() {
        SplittableRandom random = new SplittableRandom(1);

        assertThat(THREE.delayAfter(1, random)).isEqualTo(Duration.ofSeconds(1));
        assertThat(THREE.delayAfter(2, random)).isEqualTo(Duration.ofSeconds(2));
        assertThat(THREE.delayAfter(3, random)).isEqualTo(Duration.ofSeconds(3));
        assertThat(THREE.delayAfter(30, random)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void jitterSpreadsDelaysWithinItsShare() {
        RetryPolicy jittery = new RetryPolicy(5, Duration.ofSeconds(10), 2.0, null, 0.5, null);
        SplittableRandom random = new SplittableRandom(7);

        var delays = java.util.stream.IntStream.range(0, 200).mapToObj(i -> jittery.delayAfter(1, random)).toList();

        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15)));
        assertThat(delays.stream().distinct().count()).isGreaterThan(100);
    }

    @Test
    void namesEveryInvalidSetting() {
        RetryPolicy bad = new RetryPolicy(0, Duration.ofSeconds(-1), 0.5, Duration.ofDays(2), 2.0, null);

        assertThat(bad.problems("/retry")).extracting(v -> v.pointer()).containsExactlyInAnyOrder("/retry/maxAttempts",
                "/retry/initialDelay", "/retry/multiplier", "/retry/maxDelay", "/retry/jitter");
        assertThat(THREE.problems("/retry")).isEmpty();
    }

    @Test
    void errorKindsToRetryOnAreBoundedInNumberAndLength() {
        RetryPolicy longKind = new RetryPolicy(2, null, null, null, null, Set.of("x".repeat(65)));
        RetryPolicy blankKind = new RetryPolicy(2, null, null, null, null, Set.of(" "));
        RetryPolicy tooMany = new RetryPolicy(2, null, null, null, null,
                java.util.stream.IntStream.range(0, 33).mapToObj(i -> "kind-" + i).collect(java.util.stream.Collectors.toSet()));

        assertThat(longKind.problems("/retry")).extracting(v -> v.pointer()).containsExactly("/retry/retryOn");
        assertThat(blankKind.problems("/retry")).extracting(v -> v.pointer()).containsExactly("/retry/retryOn");
        assertThat(tooMany.problems("/retry")).extracting(v -> v.pointer()).containsExactly("/retry/retryOn");
        assertThat(new RetryPolicy(2, null, null, null, null, Set.of("x".repeat(64))).problems("/retry")).isEmpty();
    }
}
