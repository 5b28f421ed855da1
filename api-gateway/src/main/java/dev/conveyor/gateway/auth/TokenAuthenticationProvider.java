package dev.conveyor.gateway.auth;

import dev.conveyor.gateway.auth.TokenSecrets.Presented;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * Accepts a bearer token that is the admin token, or a known token whose secret hashes to the
 * stored SHA-256 and that is neither revoked nor expired, while what this gateway knows of tokens
 * is current ({@link AuthProperties#tokensMaxStaleness}). Comparisons take the same time whatever
 * the bytes, and an unknown id costs the same hashing as a known one, so timing tells an attacker
 * nothing. The reasons it gives (expired, revoked) reach only callers who hold the secret.
 */
@Component
class TokenAuthenticationProvider implements AuthenticationProvider {

    /** Compared against when the id is unknown, so that the answer takes as long. */
    private static final byte[] NO_HASH = new byte[32];

    private final KnownTokens tokens;
    private final Clock clock;
    private final Duration maxStaleness;
    private final byte[] adminHash;

    TokenAuthenticationProvider(KnownTokens tokens, AuthProperties properties, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
        this.maxStaleness = properties.tokensMaxStaleness();
        this.adminHash = properties.hasAdminToken() ? TokenSecrets.sha256(properties.adminToken()) : null;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String presented = ((BearerAuthentication) authentication).getCredentials();
        // Hashes, not the strings: equal lengths, so the comparison does not leak the admin token's.
        if (adminHash != null && MessageDigest.isEqual(TokenSecrets.sha256(presented), adminHash)) {
            return BearerAuthentication.of(ApiCaller.admin());
        }
        Presented token = TokenSecrets.parse(presented)
                .orElseThrow(() -> new BadCredentialsException("the bearer token is not valid"));
        // The admin token is this gateway's own setting; every other one may have been revoked meanwhile.
        Instant now = clock.instant();
        if (!tokens.isCurrent(now, maxStaleness)) {
            throw new TokensStaleException(tokens.upToDateAt().orElse(null), maxStaleness);
        }
        Optional<ApiToken> known = tokens.find(token.id());
        byte[] expected = known.map(t -> TokenSecrets.fromHex(t.sha256())).orElse(NO_HASH);
        if (!MessageDigest.isEqual(TokenSecrets.sha256(token.secret()), expected) || known.isEmpty()) {
            throw new BadCredentialsException("the bearer token is not valid");
        }
        ApiToken valid = known.get();
        if (valid.isRevoked()) {
            throw new DisabledException("the bearer token was revoked at " + valid.revokedAt());
        }
        if (valid.hasExpired(now)) {
            throw new CredentialsExpiredException("the bearer token expired at " + valid.expiresAt());
        }
        return BearerAuthentication.of(ApiCaller.of(valid));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerAuthentication.class.isAssignableFrom(authentication);
    }
}
