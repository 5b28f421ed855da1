package dev.conveyor.gateway.system;

import java.security.Principal;

/**
 * The token behind a caller, for features that must tell tokens apart (an event stream counts
 * against its token's share). Features know their caller only as a {@link Principal}; the auth
 * feature, which knows the tokens, answers.
 */
public interface CallerTokens {

    /**
     * The same key for every request made with one token, another for every other token: its id,
     * or {@code admin} for the configured admin token.
     */
    String tokenOf(Principal caller);
}
