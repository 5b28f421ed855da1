package dev.conveyor.gateway.system;

import java.security.Principal;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The token behind a caller, for features that must tell tokens apart (an event stream counts
 * against its token's share) or whose answers outlive their request (an event stream ends when
 * its token stops being valid). Features know their caller only as a {@link Principal}; the auth
 * feature, which knows the tokens, answers.
 */
public interface CallerTokens {

    /**
     * Why a caller's token may no longer be used.
     *
     * @param reason for programs: {@code token-revoked}, {@code token-expired}, {@code token-unknown},
     *     or {@code tokens-stale} (this gateway cannot tell whether it was revoked)
     * @param detail the same, for people
     */
    record Invalid(String reason, String detail) {
    }

    /**
     * The same key for every request made with one token, another for every other token: its id,
     * or {@code admin} for the configured admin token.
     */
    String tokenOf(Principal caller);

    /** Why the caller's token may no longer be used, or empty while it may. */
    Optional<Invalid> whyNotValid(Principal caller);

    /** Tells {@code changed} the key ({@link #tokenOf}) of every token whose state this gateway learns of from now on. */
    void onChange(Consumer<String> changed);
}
