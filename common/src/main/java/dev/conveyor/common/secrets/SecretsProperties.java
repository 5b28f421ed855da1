package dev.conveyor.common.secrets;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys that seal secret job parameters, the same on the gateway and on every worker.
 *
 * @param keys {@code <id>:<base64 of 32 random bytes>} each (env {@code CONVEYOR_SECRETS_KEYS},
 *     comma-separated); the first seals, all open, so a new key goes first and old ones stay until
 *     no job sealed with them is left. {@code ./conveyor up} makes one in {@code .conveyor/secrets.keys}.
 *     Without keys, launching a template with a secret parameter is refused (503).
 */
@ConfigurationProperties("conveyor.secrets")
public record SecretsProperties(List<String> keys) {

    public SecretsProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    public SecretBox box() {
        return new SecretBox(keys);
    }
}
