package dev.conveyor.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The tokens a gateway knows, as its own writes and the topic's records arrive in either order. */
class KnownTokensTests {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final KnownTokens known = new KnownTokens();

    private static ApiToken aToken(String id, Instant createdAt) {
        return new ApiToken(id, "name-" + id, Role.VIEWER, "00", createdAt, "admin", null, null, null);
    }

    @Test
    void revokingIsFinalEvenWhenAnOlderStateArrivesLater() {
        ApiToken token = aToken("a", T0);
        known.put(token.revoked(T0.plusSeconds(60), "admin")); // revoked here
        known.put(token); // the topic, catching up, still has the token as created

        assertThat(known.find("a")).hasValueSatisfying(t -> assertThat(t.isRevoked()).isTrue());
    }

    @Test
    void aTombstoneForgetsTheToken() {
        known.put(aToken("a", T0));

        known.remove("a");

        assertThat(known.find("a")).isEmpty();
        assertThat(known.isEmpty()).isTrue();
    }

    @Test
    void tokensAreListedOldestFirst() {
        known.put(aToken("b", T0.plusSeconds(1)));
        known.put(aToken("a", T0.plusSeconds(2)));
        known.put(aToken("c", T0));

        assertThat(known.all()).extracting(ApiToken::id).containsExactly("c", "b", "a");
    }
}
