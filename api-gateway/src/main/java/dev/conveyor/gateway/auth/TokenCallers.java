package dev.conveyor.gateway.auth;

import dev.conveyor.gateway.system.CallerTokens;
import java.security.Principal;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** Which token a caller used, for the features that know it only as a {@link Principal}. */
@Component
class TokenCallers implements CallerTokens {

    @Override
    public String tokenOf(Principal caller) {
        ApiCaller api = apiCaller(caller);
        if (api == null) {
            // Not a bearer token (a test's stand-in user): its name is all there is.
            return caller.getName();
        }
        return api.tokenId() == null ? ApiCaller.ADMIN : api.tokenId();
    }

    private static ApiCaller apiCaller(Principal caller) {
        return caller instanceof Authentication authentication && authentication.getPrincipal() instanceof ApiCaller api
                ? api : null;
    }
}
