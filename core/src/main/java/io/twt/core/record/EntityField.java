package io.twt.core.record;

import java.util.HashMap;
import java.util.Map;

/**
 * The optional keys a trimmed record may carry besides its {@link RecordField}s: the post's
 * entities and the stream rules it matched, each an array of strings, absent when the post has
 * none. They are not RecordFields because they have no column of their own in twt_tweet or twt_user.
 */
public enum EntityField {
    /** Cashtags as X gives them, without the {@code $}. */
    CASHTAGS("cashtags"),
    /** Hashtags as X gives them, without the {@code #}. */
    HASHTAGS("hashtags"),
    /** Mentioned users' usernames (v2) or screen names (v1.1). */
    MENTIONS("mentions"),
    /** Each URL's expanded_url when X gives one, else its url. */
    URLS("urls"),
    /** The tags of the v2 stream rules the post matched, or a rule's id when it has no tag. */
    MATCHING_RULES("matching_rules");

    /**
     * Longest value, in chars: far above any tag or username, and room for a long tracking URL;
     * it bounds what one post can add to a record. A longer value is left out by the trimmer and
     * refused by the record rules.
     */
    public static final int MAX_VALUE_LENGTH = 2048;

    private static final Map<String, EntityField> BY_KEY = new HashMap<>();

    static {
        for (EntityField f : values()) {
            BY_KEY.put(f.key, f);
        }
    }

    private final String key;

    EntityField(String key) {
        this.key = key;
    }

    /** The JSON key. */
    public String key() {
        return key;
    }

    /** True when {@code value} may be an element of an entity array. */
    public static boolean acceptable(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_VALUE_LENGTH;
    }

    /** The field with this JSON key, or null. */
    public static EntityField byKey(String key) {
        return BY_KEY.get(key);
    }
}
