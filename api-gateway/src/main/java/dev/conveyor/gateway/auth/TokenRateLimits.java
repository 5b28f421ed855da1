package dev.conveyor.gateway.auth;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 to a caller that has used up its token's bucket ({@link RateLimitProperties}), with
 * {@code Retry-After} saying in how many seconds the next request will go through. Runs after
 * authentication, so that the bucket is the token's, whoever presents it; a request without a
 * valid token passes untouched, to be refused by the rules.
 */
final class TokenRateLimits extends OncePerRequestFilter {

    private final RateLimitProperties limits;
    private final AuthProblems problems;
    /** One bucket per token id ({@code admin} for the admin token); tokens are few, made by admins. */
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final TimeMeter time;

    TokenRateLimits(RateLimitProperties limits, AuthProblems problems, Clock clock) {
        this.limits = limits;
        this.problems = problems;
        this.time = new ClockTime(clock);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!limits.enabled() || authentication == null || !(authentication.getPrincipal() instanceof ApiCaller caller)) {
            chain.doFilter(request, response);
            return;
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(bucketOf(caller), id -> newBucket())
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        problems.tooManyRequests(request, response, caller, limits.requestsPerSecond(), seconds);
    }

    private static String bucketOf(ApiCaller caller) {
        return caller.tokenId() == null ? ApiCaller.ADMIN : caller.tokenId();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .withCustomTimePrecision(time)
                .addLimit(limit -> limit.capacity(limits.burst())
                        .refillGreedy(limits.requestsPerSecond(), Duration.ofSeconds(1)))
                .build();
    }

    /** The gateway's clock as the buckets' time, so that tests can hold it still. */
    private record ClockTime(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
