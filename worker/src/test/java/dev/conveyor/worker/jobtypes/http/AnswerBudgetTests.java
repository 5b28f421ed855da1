package dev.conveyor.worker.jobtypes.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The memory the answers of a worker's checks share: what they hold at once never exceeds it. */
class AnswerBudgetTests {

    private static final long KIB = 1024;

    private static long in(Duration time) {
        return System.nanoTime() + time.toNanos();
    }

    @Test
    void checksAtFullConcurrencyNeverHoldMoreThanTheBudgetAndEachGetsItsRoom() throws Exception {
        AnswerBudget budget = new AnswerBudget(1024 * KIB);
        AtomicLong holding = new AtomicLong();
        AtomicLong most = new AtomicLong();
        List<Future<?>> checks = new ArrayList<>();
        try (ExecutorService slots = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int slot = 0; slot < 256; slot++) {
                checks.add(slots.submit(() -> {
                    for (int answer = 0; answer < 20; answer++) {
                        long size = ThreadLocalRandom.current().nextLong(1, 300 * KIB);
                        try (AnswerBudget.Lease lease = budget.lease()) {
                            lease.reserve(size, in(Duration.ofMinutes(1)));
                            // What the checks hold by their own count, between having room and giving it back.
                            most.accumulateAndGet(holding.addAndGet(size), Math::max);
                            Thread.yield();
                            holding.addAndGet(-size);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> check : checks) {
                check.get(1, TimeUnit.MINUTES);
            }
        }

        assertThat(most.get()).isPositive().isLessThanOrEqualTo(1024 * KIB);
        assertThat(budget.peak()).isLessThanOrEqualTo(1024 * KIB);
        assertThat(budget.held()).isZero();
    }

    @Test
    void aCheckWithoutRoomWaitsUntilAnotherGivesItBack() throws Exception {
        AnswerBudget budget = new AnswerBudget(100);
        AnswerBudget.Lease first = budget.lease();
        first.reserve(100, in(Duration.ofSeconds(1)));
        Waiter second = reserving(budget, 40, Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(5)).until(second::isWaiting);

        first.close();

        second.done().get(5, TimeUnit.SECONDS);
        assertThat(budget.held()).isEqualTo(40);
    }

    @Test
    void aCheckWithoutRoomByItsDeadlineIsRefusedNamingTheBudget() throws Exception {
        AnswerBudget budget = new AnswerBudget(2 * 1024 * KIB);
        budget.lease().reserve(2 * 1024 * KIB, in(Duration.ofSeconds(1)));

        assertThatThrownBy(() -> budget.lease().reserve(1, in(Duration.ofMillis(100))))
                .isInstanceOf(AnswerBudgetException.class)
                .hasMessage("there was no room for its answer in this worker's answer budget"
                        + " (conveyor.worker.http.answer-budget, 2 MiB) within its timeout: other checks held their"
                        + " answers");
        assertThat(budget.held()).isEqualTo(2 * 1024 * KIB);
    }

    @Test
    void anAnswerLargerThanTheWholeBudgetIsRefusedAtOnce() throws Exception {
        AnswerBudget budget = new AnswerBudget(64 * KIB);
        AnswerBudget.Lease lease = budget.lease();
        lease.reserve(48 * KIB, in(Duration.ofSeconds(1)));

        assertThatThrownBy(() -> lease.reserve(32 * KIB, in(Duration.ofHours(1))))
                .isInstanceOf(AnswerBudgetException.class)
                .hasMessage("its answer needs 80 KiB of this worker's answer budget"
                        + " (conveyor.worker.http.answer-budget, 64 KiB), more than all of it");
    }

    @Test
    void aLargeAnswerIsNotOvertakenBySmallOnesThatCameAfterIt() throws Exception {
        AnswerBudget budget = new AnswerBudget(100);
        AnswerBudget.Lease a = budget.lease();
        AnswerBudget.Lease b = budget.lease();
        a.reserve(50, in(Duration.ofSeconds(1)));
        b.reserve(50, in(Duration.ofSeconds(1)));
        Waiter large = reserving(budget, 80, Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(5)).until(large::isWaiting);
        Waiter small = reserving(budget, 30, Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(small::isWaiting);

        a.close();

        // 50 are free, room for the small one, but the large one came first.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !small.done().isDone());
        assertThat(budget.held()).isEqualTo(50);
        b.close();
        large.done().get(5, TimeUnit.SECONDS);
        assertThat(budget.held()).isEqualTo(80);
    }

    /** A check reserving room on a thread of its own. */
    private record Waiter(Thread thread, CompletableFuture<Void> done) {

        /** Whether it waits for room (not merely for the lock). */
        boolean isWaiting() {
            return thread.getState() == Thread.State.TIMED_WAITING;
        }
    }

    private static Waiter reserving(AnswerBudget budget, long bytes, Duration within) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().daemon().start(() -> {
            try {
                budget.lease().reserve(bytes, in(within));
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        return new Waiter(thread, done);
    }
}
