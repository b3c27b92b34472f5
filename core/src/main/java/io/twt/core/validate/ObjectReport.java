package io.twt.core.validate;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of validating one object. {@code valid + invalid == lines} always holds;
 * {@code unreadable} is null unless the object (or its tail) could not be read at all.
 */
public final class ObjectReport {
    private long lines;
    private long valid;
    private long invalid;
    private final Map<String, Long> invalidByReason = new TreeMap<>();
    private String unreadable;

    void countValid() {
        lines++;
        valid++;
    }

    void countInvalid(String reason) {
        lines++;
        invalid++;
        invalidByReason.merge(reason, 1L, Long::sum);
    }

    void markUnreadable(String why) {
        this.unreadable = why;
    }

    public long lines() {
        return lines;
    }

    public long valid() {
        return valid;
    }

    public long invalid() {
        return invalid;
    }

    public Map<String, Long> invalidByReason() {
        return Collections.unmodifiableMap(invalidByReason);
    }

    /** Why the object could not be read, or null. */
    public String unreadable() {
        return unreadable;
    }

    @Override
    public String toString() {
        return "lines=" + lines + " valid=" + valid + " invalid=" + invalid + " reasons=" + invalidByReason
                + (unreadable == null ? "" : " unreadable=" + unreadable);
    }
}
