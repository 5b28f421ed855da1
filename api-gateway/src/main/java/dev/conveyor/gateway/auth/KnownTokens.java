package dev.conveyor.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Every token this gateway knows of, by id: what it has read of the tokens topic, plus what it
 * created or revoked itself (before reading it back: read-your-writes); and how current that is.
 * Thread-safe.
 */
@Component
class KnownTokens {

    private final Map<String, ApiToken> byId = new ConcurrentHashMap<>();
    private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();
    private volatile boolean caughtUp;
    private volatile boolean followed;
    private volatile Instant upToDateAt;

    Optional<ApiToken> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Oldest first. */
    List<ApiToken> all() {
        return byId.values().stream()
                .sorted(Comparator.comparing(ApiToken::createdAt).thenComparing(ApiToken::id)).toList();
    }

    /**
     * Takes a token's latest state. Revoking is final: an older state read later (the topic
     * catching up with a revocation made here) never brings a revoked token back.
     */
    void put(ApiToken token) {
        byId.merge(token.id(), token, (held, incoming) -> held.isRevoked() && !incoming.isRevoked() ? held : incoming);
        changed(token.id());
    }

    /** A tombstone: the token was purged from the topic. */
    void remove(String id) {
        byId.remove(id);
        changed(id);
    }

    /** Tells {@code listener} the id of every token that changes here from now on, revoked above all. */
    void onChange(Consumer<String> listener) {
        changeListeners.add(listener);
    }

    private void changed(String id) {
        changeListeners.forEach(listener -> listener.accept(id));
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    int size() {
        return byId.size();
    }

    /** Whether every token on the topic when this gateway started reading it is known. */
    boolean isCaughtUp() {
        return caughtUp;
    }

    void caughtUp() {
        caughtUp = true;
    }

    /**
     * These tokens are kept up to date by a follower of the tokens topic: from now on they are
     * current only while it keeps confirming so ({@link #upToDateAt}). Tokens that nothing follows
     * (a test's gateway) are always current.
     */
    void followed() {
        followed = true;
    }

    /** Every change written to the tokens topic before {@code at} is known here. */
    void upToDateAt(Instant at) {
        Instant known = upToDateAt;
        if (known == null || at.isAfter(known)) {
            upToDateAt = at;
        }
    }

    /** When this gateway last knew it had every change of the tokens topic; empty before it first did. */
    Optional<Instant> upToDateAt() {
        return Optional.ofNullable(upToDateAt);
    }

    /**
     * Whether what is known here may be trusted at {@code now}: nothing follows the topic, or it was
     * confirmed up to date no longer than {@code bound} ago.
     */
    boolean isCurrent(Instant now, Duration bound) {
        Instant at = upToDateAt;
        return !followed || at != null && !now.isAfter(at.plus(bound));
    }
}
