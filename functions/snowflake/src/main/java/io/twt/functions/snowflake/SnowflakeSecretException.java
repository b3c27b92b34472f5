package io.twt.functions.snowflake;

/**
 * The Snowflake secret could not be read or used: it is missing, not JSON, lacks a field, or its
 * key cannot be decoded. The message names the field and the problem and never holds key material
 * or the passphrase; the exception carries no cause that could (parser messages quote their input).
 */
public final class SnowflakeSecretException extends RuntimeException {

    public SnowflakeSecretException(String message) {
        super(message);
    }

    /** For failures of the Secrets Manager call itself, whose exceptions hold no secret value. */
    public SnowflakeSecretException(String message, Throwable secretFreeCause) {
        super(message, secretFreeCause);
    }
}
