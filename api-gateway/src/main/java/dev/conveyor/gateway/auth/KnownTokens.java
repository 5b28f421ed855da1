package dev.conveyor.gateway.auth;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Every token this gateway knows of, by id: what it has read of the tokens topic, plus what it
 * created or revoked itself (before reading it back: read-your-writes). Thread-safe.
 */
@Component
class KnownTokens {

    private final Map<String, ApiToken> byId = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

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
    }

    /** A tombstone: the token was purged from the topic. */
    void remove(String id) {
        byId.remove(id);
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
}
