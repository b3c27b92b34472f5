package io.twt.core.record;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one definition of the trimmed record's keys. Validation, JSON output and the SQL of both
 * engines are all derived from this list, so a field is added in one place.
 */
public enum RecordField {
    ID("id", Kind.ID),
    CREATED_AT("created_at", Kind.TIMESTAMP),
    SCREENNAME("screenname", Kind.NON_EMPTY_STRING),
    USERNAME("username", Kind.STRING),
    USER_FAVOURITES_COUNT("user_favourites_count", Kind.COUNT),
    USER_FOLLOWERS_COUNT("user_followers_count", Kind.COUNT),
    USER_FRIENDS_COUNT("user_friends_count", Kind.COUNT),
    USER_LISTED_COUNT("user_listed_count", Kind.COUNT),
    USER_STATUSES_COUNT("user_statuses_count", Kind.COUNT),
    VERIFIED("verified", Kind.BOOLEAN),
    VERIFIED_TYPE("verified_type", Kind.STRING),
    TEXT("text", Kind.STRING),
    TWEET_FAVORITE_COUNT("tweet_favorite_count", Kind.COUNT),
    TWEET_QUOTE_COUNT("tweet_quote_count", Kind.COUNT),
    TWEET_REPLY_COUNT("tweet_reply_count", Kind.COUNT),
    TWEET_RETWEET_COUNT("tweet_retweet_count", Kind.COUNT),
    /** Added after the first release: optional, so that older records stay valid. */
    USER_ID("user_id", Kind.OPTIONAL_ID);

    /** What a value of the field must look like. */
    public enum Kind {
        /** A string of 1 to 19 ASCII digits. */
        ID,
        /** Like {@link #ID}, but the key may be absent or null. */
        OPTIONAL_ID,
        /** An ISO-8601 date-time with an offset, such as {@code 2026-03-01T12:00:09.000Z}. */
        TIMESTAMP,
        STRING,
        NON_EMPTY_STRING,
        /** A JSON integer, 0 or more. */
        COUNT,
        /** A JSON boolean, or the string "true" or "false". */
        BOOLEAN
    }

    private static final Map<String, RecordField> BY_KEY = new HashMap<>();
    public static final List<RecordField> USER_COUNTS =
            List.of(USER_FAVOURITES_COUNT, USER_FOLLOWERS_COUNT, USER_FRIENDS_COUNT, USER_LISTED_COUNT, USER_STATUSES_COUNT);
    public static final List<RecordField> TWEET_COUNTS =
            List.of(TWEET_FAVORITE_COUNT, TWEET_QUOTE_COUNT, TWEET_REPLY_COUNT, TWEET_RETWEET_COUNT);

    static {
        for (RecordField f : values()) {
            BY_KEY.put(f.key, f);
        }
    }

    private final String key;
    private final Kind kind;

    RecordField(String key, Kind kind) {
        this.key = key;
        this.kind = kind;
    }

    /** The JSON key. */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    public boolean required() {
        return kind != Kind.OPTIONAL_ID;
    }

    /** The field with this JSON key, or null. */
    public static RecordField byKey(String key) {
        return BY_KEY.get(key);
    }
}
