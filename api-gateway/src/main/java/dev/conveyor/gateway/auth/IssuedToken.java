package dev.conveyor.gateway.auth;

/**
 * A token just created: what is stored, and the token its holder sends, which is not.
 *
 * @param token the stored token
 * @param bearerToken the whole token, {@code cvy_<id>_<secret>}
 */
record IssuedToken(ApiToken token, String bearerToken) {

    @Override
    public String toString() {
        return "IssuedToken[" + token + "]"; // never the secret, should this reach a log
    }
}
