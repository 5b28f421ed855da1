package dev.conveyor.gateway.auth;

import dev.conveyor.gateway.system.CallerTokens;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** Which token a caller used, and whether it is still good, for the features that know it only as a {@link Principal}. */
@Component
class TokenCallers implements CallerTokens {

    private final KnownTokens tokens;
    private final AuthProperties properties;
    private final Clock clock;

    TokenCallers(KnownTokens tokens, AuthProperties properties, Clock clock) {
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String tokenOf(Principal caller) {
        ApiCaller api = apiCaller(caller);
        if (api == null) {
            // Not a bearer token (a test's stand-in user): its name is all there is.
            return caller.getName();
        }
        return api.tokenId() == null ? ApiCaller.ADMIN : api.tokenId();
    }

    /** What the authentication of a request would say of the token now, for answers that outlive their request. */
    @Override
    public Optional<Invalid> whyNotValid(Principal caller) {
        ApiCaller api = apiCaller(caller);
        if (api == null || api.tokenId() == null) {
            // The admin token is this gateway's own setting: good for as long as the gateway runs.
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!tokens.isCurrent(now, properties.tokensMaxStaleness())) {
            return Optional.of(new Invalid("tokens-stale", TokensStaleException.message(
                    tokens.upToDateAt().orElse(null), properties.tokensMaxStaleness())));
        }
        Optional<ApiToken> token = tokens.find(api.tokenId());
        if (token.isEmpty()) {
            return Optional.of(new Invalid("token-unknown", "the token is no longer known"));
        }
        if (token.get().isRevoked()) {
            return Optional.of(new Invalid("token-revoked", "the token was revoked at " + token.get().revokedAt()));
        }
        if (token.get().hasExpired(now)) {
            return Optional.of(new Invalid("token-expired", "the token expired at " + token.get().expiresAt()));
        }
        return Optional.empty();
    }

    @Override
    public void onChange(Consumer<String> changed) {
        tokens.onChange(changed);
    }

    private static ApiCaller apiCaller(Principal caller) {
        return caller instanceof Authentication authentication && authentication.getPrincipal() instanceof ApiCaller api
                ? api : null;
    }
}
