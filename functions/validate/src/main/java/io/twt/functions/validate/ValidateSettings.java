package io.twt.functions.validate;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the function reads and writes. Raw objects live under {@link #rawPrefix()}; each one's
 * outputs go to {@code validated/<relative key>} and {@code quarantine/<relative key>.jsonl.gz}.
 * The raw prefix may not overlap either output prefix, so the function can never trigger itself.
 */
public record ValidateSettings(String rawPrefix, Path tempDir) {

    public static final String VALIDATED_PREFIX = "validated/";
    public static final String QUARANTINE_PREFIX = "quarantine/";
    public static final String QUARANTINE_SUFFIX = ".jsonl.gz";

    static final String RAW_PREFIX_VARIABLE = "RAW_PREFIX";
    static final String TEMP_DIR_VARIABLE = "VALIDATE_TEMP_DIR";
    static final String DEFAULT_RAW_PREFIX = "raw/";

    public ValidateSettings {
        if (rawPrefix == null || rawPrefix.isEmpty() || !rawPrefix.endsWith("/")) {
            throw new IllegalArgumentException(RAW_PREFIX_VARIABLE + " must be a non-empty key prefix ending with '/', got \"" + rawPrefix + "\"");
        }
        for (String output : new String[] {VALIDATED_PREFIX, QUARANTINE_PREFIX}) {
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
        String rawPrefix = env.getOrDefault(RAW_PREFIX_VARIABLE, DEFAULT_RAW_PREFIX);
        String tempDir = env.getOrDefault(TEMP_DIR_VARIABLE, System.getProperty("java.io.tmpdir"));
        return new ValidateSettings(rawPrefix, Path.of(tempDir));
    }

    /** The output keys for a raw object, or empty when {@code key} is not a raw object (outside the prefix, or the prefix itself). */
    public Optional<OutputKeys> outputKeysFor(String key) {
        if (!key.startsWith(rawPrefix) || key.length() == rawPrefix.length()) {
            return Optional.empty();
        }
        String relative = key.substring(rawPrefix.length());
        return Optional.of(new OutputKeys(VALIDATED_PREFIX + relative, QUARANTINE_PREFIX + relative + QUARANTINE_SUFFIX));
    }

    /** Where one raw object's valid lines and quarantine entries go. */
    public record OutputKeys(String validated, String quarantine) {
    }
}
