package io.twt.core.object;

import java.util.Optional;

/**
 * Where one raw object's outputs go: its valid lines to {@code validated/<relative key>}, its
 * quarantine entries to {@code quarantine/<relative key>.jsonl.gz}, the relative key being the raw
 * key without its raw prefix. The one place for these prefixes and the suffix: the Validate
 * function and local mode both take their keys from here.
 */
public record OutputKeys(String validated, String quarantine) {

    /** Where Firehose writes raw objects unless told otherwise; local mode always uses it. */
    public static final String RAW_PREFIX = "raw/";
    public static final String VALIDATED_PREFIX = "validated/";
    public static final String QUARANTINE_PREFIX = "quarantine/";
    public static final String QUARANTINE_SUFFIX = ".jsonl.gz";

    /**
     * The outputs of the raw object {@code key} under {@code rawPrefix}, or empty when {@code key}
     * is not a raw object (outside the prefix, or the prefix itself).
     */
    public static Optional<OutputKeys> forRawKey(String rawPrefix, String key) {
        if (!key.startsWith(rawPrefix) || key.length() == rawPrefix.length()) {
            return Optional.empty();
        }
        String relative = key.substring(rawPrefix.length());
        return Optional.of(new OutputKeys(VALIDATED_PREFIX + relative, QUARANTINE_PREFIX + relative + QUARANTINE_SUFFIX));
    }
}
