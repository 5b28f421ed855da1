package dev.conveyor.common.jobs;

import java.time.Duration;
import dev.conveyor.common.types.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * When and how often a failed job is tried again: exponential backoff with jitter, capped.
 *
 * <p>The delay before attempt {@code n + 1} is {@code initialDelay × multiplier^(n-1)}, capped at
 * {@code maxDelay}, then moved at random by up to {@code ±jitter} of itself so that jobs failing
 * together do not come back together.
 *
 * @param maxAttempts how many attempts in all, from 1 (no retry) to 100; an attempt cut short by
 *     a worker that died counts too, so a job that kills its workers ends
 * @param initialDelay the wait before the second attempt (default 1 second)
 * @param multiplier how much each wait grows over the one before (default 2, at least 1)
 * @param maxDelay the longest wait between two attempts (default 5 minutes)
 * @param jitter the share of each wait moved at random, from 0 to 1 (default 0.2)
 * @param retryOn the error kinds that are retried, at most 32 of 1 to 64 characters each; when
 *     empty, the errors the job type itself calls transient (connection refused, HTTP 5xx…) are
 *     retried and others are not
 */
public record RetryPolicy(
        int maxAttempts,
        Duration initialDelay,
        Double multiplier,
        Duration maxDelay,
        Double jitter,
        Set<String> retryOn) {

    /** Never retry: the policy of a job that asks for none. */
    public static final RetryPolicy NONE = new RetryPolicy(1, null, null, null, null, null);

    public static final int MAX_ATTEMPTS = 100;
    public static final Duration LONGEST_DELAY = Duration.ofDays(1);
    public static final int MAX_RETRY_ON = 32;
    public static final int MAX_ERROR_KIND_LENGTH = 64;
    /**
     * Error kinds no policy retries, whatever its {@code retryOn} says: another attempt would only
     * meet them again ({@code target-refused}: a check aimed outside its queue's scope).
     */
    public static final Set<String> NEVER_RETRIED = Set.of("target-refused");

    public RetryPolicy {
        initialDelay = initialDelay == null ? Duration.ofSeconds(1) : initialDelay;
        multiplier = multiplier == null ? 2.0 : multiplier;
        maxDelay = maxDelay == null ? Duration.ofMinutes(5) : maxDelay;
        jitter = jitter == null ? 0.2 : jitter;
        retryOn = retryOn == null ? Set.of() : Set.copyOf(retryOn);
    }

    /** What is wrong with this policy, with pointers below {@code base}; empty when valid. */
    public List<Violation> problems(String base) {
        List<Violation> problems = new ArrayList<>();
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            problems.add(new Violation(base + "/maxAttempts", "must be between 1 and " + MAX_ATTEMPTS));
        }
        if (initialDelay.isNegative() || initialDelay.compareTo(LONGEST_DELAY) > 0) {
            problems.add(new Violation(base + "/initialDelay", "must be between PT0S and " + LONGEST_DELAY));
        }
        if (maxDelay.isNegative() || maxDelay.compareTo(LONGEST_DELAY) > 0) {
            problems.add(new Violation(base + "/maxDelay", "must be between PT0S and " + LONGEST_DELAY));
        }
        if (multiplier < 1 || multiplier > 100 || multiplier.isNaN()) {
            problems.add(new Violation(base + "/multiplier", "must be between 1 and 100"));
        }
        if (jitter < 0 || jitter > 1 || jitter.isNaN()) {
            problems.add(new Violation(base + "/jitter", "must be between 0 and 1"));
        }
        if (retryOn.size() > MAX_RETRY_ON
                || retryOn.stream().anyMatch(kind -> kind.isBlank() || kind.length() > MAX_ERROR_KIND_LENGTH)) {
            problems.add(new Violation(base + "/retryOn", "must hold at most " + MAX_RETRY_ON
                    + " error kinds of 1 to " + MAX_ERROR_KIND_LENGTH + " characters each"));
        }
        return problems;
    }

    /**
     * Whether a job whose attempt {@code attempt} just failed gets another one.
     *
     * @param errorKind the failure's {@link JobError#kind()}
     * @param transientFailure whether the job type judged the failure transient
     */
    public boolean retries(int attempt, String errorKind, boolean transientFailure) {
        if (attempt >= maxAttempts || NEVER_RETRIED.contains(errorKind)) {
            return false;
        }
        return retryOn.isEmpty() ? transientFailure : retryOn.contains(errorKind);
    }

    /** The wait between the end of attempt {@code attempt} and the start of the next one. */
    public Duration delayAfter(int attempt, RandomGenerator random) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, maxDelay.toMillis());
        double spread = capped * jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(capped + spread)));
    }
}
