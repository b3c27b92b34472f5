package io.twt.functions.validate;

import io.twt.core.object.OutputKeys;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the function reads and writes. Raw objects live under {@link #rawPrefix()}; each one's
 * outputs go to {@code validated/<relative key>} and {@code quarantine/<relative key>.jsonl.gz}
 * ({@link OutputKeys}). The raw prefix may not overlap either output prefix, so the function can
 * never trigger itself.
 */
public record ValidateSettings(String rawPrefix, Path tempDir) {

    static final String RAW_PREFIX_VARIABLE = "RAW_PREFIX";
    static final String TEMP_DIR_VARIABLE = "VALIDATE_TEMP_DIR";

    public ValidateSettings {
        if (rawPrefix == null || rawPrefix.isEmpty() || !rawPrefix.endsWith("/")) {
            throw new IllegalArgumentException(RAW_PREFIX_VARIABLE + " must be a non-empty key prefix ending with '/', got \"" + rawPrefix + "\"");
        }
        for (String output : new String[] {OutputKeys.VALIDATED_PREFIX, OutputKeys.QUARANTINE_PREFIX}) {
            if (rawPrefix.startsWith(output) || output.startsWith(rawPrefix)) {
                throw new IllegalArgumentException(RAW_PREFIX_VARIABLE + " \"" + rawPrefix + "\" overlaps the output prefix \"" + output
                        + "\": the function would trigger itself");
            }
        }
        if (tempDir == null) {
            throw new IllegalArgumentException("tempDir is required");
        }
    }

    /** {@code RAW_PREFIX} (default {@code raw/}) and {@code VALIDATE_TEMP_DIR} (default the JVM's temp dir, /tmp on Lambda). */
    public static ValidateSettings fromEnvironment(Map<String, String> env) {
        String rawPrefix = env.getOrDefault(RAW_PREFIX_VARIABLE, OutputKeys.RAW_PREFIX);
        String tempDir = env.getOrDefault(TEMP_DIR_VARIABLE, System.getProperty("java.io.tmpdir"));
        return new ValidateSettings(rawPrefix, Path.of(tempDir));
    }

    /** The output keys for a raw object, or empty when {@code key} is not a raw object (outside the prefix, or the prefix itself). */
    public Optional<OutputKeys> outputKeysFor(String key) {
        return OutputKeys.forRawKey(rawPrefix, key);
    }
}
