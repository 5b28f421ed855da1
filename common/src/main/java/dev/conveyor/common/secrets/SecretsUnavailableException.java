package dev.conveyor.common.secrets;

/** A secret that cannot be sealed or opened: no key, or not the key it was sealed with. */
public class SecretsUnavailableException extends RuntimeException {

    public SecretsUnavailableException(String message) {
        super(message);
    }
}
