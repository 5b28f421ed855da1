package dev.conveyor.gateway.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Jobs' event streams ({@code GET /api/v1/jobs/{id}/events}): how many a gateway holds open, and
 * how much it keeps to resume them. Beyond either cap a new stream is answered 429 with
 * {@code Retry-After}; a stream ends when its job ends, so the client may try again soon.
 *
 * @param maxStreamsPerToken how many streams one token may hold open on this gateway at once;
 *     behind a balancer of N gateways a token may hold up to N times as many (default 20)
 * @param maxStreams how many streams this gateway holds open at once, over all tokens; each holds
 *     a connection and a virtual thread (default 1000)
 * @param replayLines how many of the latest lines of the job-events topic, of every job, this
 *     gateway keeps in memory to resume streams from ({@code Last-Event-ID}); a resume from before
 *     the oldest it keeps gets a {@code reset} event instead of the lines it missed. Never read
 *     again from Kafka (default 10000)
 * @param tokenRecheckInterval how often the token of every open stream is checked again: a stream
 *     whose token expired, or that this gateway can no longer vouch for
 *     ({@code conveyor.gateway.auth.tokens-max-staleness}), ends within this long; one whose token
 *     is revoked ends as soon as this gateway learns of the revocation (default 5 seconds)
 */
@ConfigurationProperties("conveyor.gateway.events")
record EventStreamProperties(
        @DefaultValue("20") int maxStreamsPerToken,
        @DefaultValue("1000") int maxStreams,
        @DefaultValue("10000") int replayLines,
        @DefaultValue("5s") Duration tokenRecheckInterval) {

    EventStreamProperties {
        if (maxStreamsPerToken < 1 || maxStreams < 1) {
            throw new IllegalArgumentException("conveyor.gateway.events.max-streams-per-token and .max-streams must be"
                    + " at least 1, were " + maxStreamsPerToken + " and " + maxStreams);
        }
        if (tokenRecheckInterval.isNegative() || tokenRecheckInterval.isZero()) {
            throw new IllegalArgumentException("conveyor.gateway.events.token-recheck-interval must be positive, was "
                    + tokenRecheckInterval);
        }
        if (replayLines < 0) {
            throw new IllegalArgumentException("conveyor.gateway.events.replay-lines must be at least 0, was "
                    + replayLines);
        }
    }
}
