package dev.conveyor.common.secrets;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys that seal secret job parameters, the same on the gateway and on every worker.
 *
 * @param keys {@code <id>:<base64 of 32 random bytes>} each (env {@code CONVEYOR_SECRETS_KEYS}),
 *     separated by commas or line breaks (a file of one key a line, as {@code ./conveyor secrets}
 *     writes, can be the value); the first seals, all open, so a new key goes first and old ones
 *     stay until no job sealed with them is left (docs/security.md, "Rotating the key"). {@code ./conveyor up} makes one in {@code .conveyor/secrets.keys}.
 *     Without keys, launching a template with a secret parameter is refused (503).
 */
@ConfigurationProperties("conveyor.secrets")
public record SecretsProperties(List<String> keys) {

    public SecretsProperties {
        // A key never holds a comma or white space (an id and base64), so either separates keys.
        keys = keys == null ? List.of() : keys.stream().filter(Objects::nonNull)
                .flatMap(value -> Arrays.stream(value.split("[,\\s]+")))
                .filter(key -> !key.isEmpty())
                .toList();
    }

    public SecretBox box() {
        return new SecretBox(keys);
    }
}
