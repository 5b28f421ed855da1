package dev.conveyor.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** Which presented tokens stand for a caller, and which one. */
class TokenAuthenticationProviderTests {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final String ADMIN_TOKEN = "an-admin-token-long-enough";

    private final KnownTokens known = new KnownTokens();
    private final MutableClock clock = new MutableClock(NOW);

    private TokenAuthenticationProvider provider(String adminToken) {
        return new TokenAuthenticationProvider(known, new AuthProperties(adminToken, true, true, Duration.ofSeconds(30)), clock);
    }

    private Authentication present(TokenAuthenticationProvider provider, String token) {
        return provider.authenticate(BearerAuthentication.presented(token));
    }

    /** Stores a token the way the API creates it and returns what its holder sends. */
    private String aStoredToken(String name, Role role, Instant expiresAt) {
        String id = TokenSecrets.newId();
        String secret = TokenSecrets.newSecret();
        known.put(new ApiToken(id, name, role, TokenSecrets.sha256Hex(secret), NOW, "admin", expiresAt, null, null));
        return TokenSecrets.format(id, secret);
    }

    @Test
    void theAdminTokenIsTheAdmin() {
        Authentication caller = present(provider(ADMIN_TOKEN), ADMIN_TOKEN);

        assertThat(caller.isAuthenticated()).isTrue();
        assertThat(caller.getName()).isEqualTo("admin");
        assertThat(caller.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");
        assertThat(caller.getCredentials()).as("nothing of the token is kept").isNull();
    }

    @Test
    void aStoredTokenIsItsNameWithItsRole() {
        String token = aStoredToken("ci-nightly", Role.OPERATOR, null);

        Authentication caller = present(provider(ADMIN_TOKEN), token);

        assertThat(caller.getName()).isEqualTo("ci-nightly");
        assertThat(caller.getPrincipal()).isInstanceOf(ApiCaller.class);
        assertThat(((ApiCaller) caller.getPrincipal()).role()).isEqualTo(Role.OPERATOR);
        assertThat(caller.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_OPERATOR");
    }

    @Test
    void withoutAnAdminTokenNoStringIsTheAdmin() {
        TokenAuthenticationProvider provider = provider(" "); // an unset CONVEYOR_ADMIN_TOKEN arrives blank

        assertThatThrownBy(() -> present(provider, " ")).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> present(provider, "")).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> present(provider, ADMIN_TOKEN)).isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void aWrongSecretAnUnknownIdAndGarbageAreAllJustInvalid() {
        String token = aStoredToken("ci", Role.VIEWER, null);
        String wrongSecret = token.substring(0, token.length() - 43) + TokenSecrets.newSecret();
        String unknownId = TokenSecrets.format(TokenSecrets.newId(), token.substring(token.length() - 43));
        TokenAuthenticationProvider provider = provider(ADMIN_TOKEN);

        for (String bad : new String[] {wrongSecret, unknownId, "cvy_x_y", token + "x", ADMIN_TOKEN + "x"}) {
            assertThatThrownBy(() -> present(provider, bad)).as(bad)
                    .isInstanceOf(BadCredentialsException.class).hasMessage("the bearer token is not valid");
        }
    }

    @Test
    void aTokenWorksUntilItExpires() {
        String token = aStoredToken("temp", Role.VIEWER, NOW.plus(Duration.ofHours(1)));
        TokenAuthenticationProvider provider = provider(null);
        assertThat(present(provider, token).getName()).isEqualTo("temp");

        clock.advance(Duration.ofHours(1));

        assertThatThrownBy(() -> present(provider, token)).isInstanceOf(CredentialsExpiredException.class)
                .hasMessage("the bearer token expired at 2026-11-24T11:00:00Z");
    }

    @Test
    void aRevokedTokenIsRefused() {
        String token = aStoredToken("gone", Role.ADMIN, null);
        String id = TokenSecrets.parse(token).orElseThrow().id();
        known.put(known.find(id).orElseThrow().revoked(NOW, "admin"));

        assertThatThrownBy(() -> present(provider(null), token)).isInstanceOf(DisabledException.class)
                .hasMessageContaining("revoked");
    }

    @Test
    void anAdminTokenTooShortToBeSafeStopsTheGateway() {
        assertThatThrownBy(() -> new AuthProperties("secret", true, true, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16 characters");
        assertThat(new AuthProperties(null, true, true, Duration.ofSeconds(30)).hasAdminToken()).isFalse();
        assertThat(new AuthProperties("", true, true, Duration.ofSeconds(30)).hasAdminToken()).isFalse();
    }
}
