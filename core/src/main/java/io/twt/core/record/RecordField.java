package io.twt.core.record;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one definition of the trimmed record's keys. Validation, JSON output and the SQL of both
 * engines are all derived from this list, so a field is added in one place (and, for the
 * warehouse, in a migration of each engine: a test checks that every field's columns exist).
 * Each field declares its kind, its place in {@link #observationOrder()} when it has one (the
 * number), and its {@link Role}s, from which the refresh SQL takes its column lists.
 */
public enum RecordField {
    ID("id", Kind.ID, 2, Role.POST, Role.PROFILE),
    CREATED_AT("created_at", Kind.TIMESTAMP, 1, Role.POST, Role.PROFILE),
    /** Names the user: the key of twt_user, so neither a profile column nor ranked. */
    SCREENNAME("screenname", Kind.NON_EMPTY_STRING, Role.POST),
    USERNAME("username", Kind.STRING, 8, Role.PROFILE),
    USER_FAVOURITES_COUNT("user_favourites_count", Kind.COUNT, 5, Role.PROFILE),
    USER_FOLLOWERS_COUNT("user_followers_count", Kind.COUNT, 4, Role.PROFILE),
    USER_FRIENDS_COUNT("user_friends_count", Kind.COUNT, 6, Role.PROFILE),
    USER_LISTED_COUNT("user_listed_count", Kind.COUNT, 7, Role.PROFILE),
    USER_STATUSES_COUNT("user_statuses_count", Kind.COUNT, 3, Role.PROFILE),
    VERIFIED("verified", Kind.BOOLEAN, 10, Role.PROFILE),
    VERIFIED_TYPE("verified_type", Kind.STRING, 9, Role.PROFILE),
    TEXT("text", Kind.STRING, Role.POST),
    TWEET_FAVORITE_COUNT("tweet_favorite_count", Kind.COUNT, Role.TWEET_COUNTER),
    TWEET_QUOTE_COUNT("tweet_quote_count", Kind.COUNT, Role.TWEET_COUNTER),
    TWEET_REPLY_COUNT("tweet_reply_count", Kind.COUNT, Role.TWEET_COUNTER),
    TWEET_RETWEET_COUNT("tweet_retweet_count", Kind.COUNT, Role.TWEET_COUNTER),
    /** Added after the first release: optional, so that older records stay valid. */
    USER_ID("user_id", Kind.OPTIONAL_ID, Role.POST, Role.PROFILE),
    /**
     * An edited post's first version: X gives each edit a new id and lists every version's id in
     * edit_history_tweet_ids, oldest first. Absent (or null) for a post that is its own original.
     */
    ORIGINAL_ID("original_id", Kind.OPTIONAL_ID, Role.POST);

    /** Where a field's value lands in the analytics tables, and how it is merged there. */
    public enum Role {
        /** A column of twt_tweet, written once, when the post is first merged. */
        POST,
        /** A column of twt_tweet that keeps the greatest value observed for the post. */
        TWEET_COUNTER,
        /** A column of twt_user, from the user's latest observation. */
        PROFILE
    }

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
    private static final List<RecordField> OBSERVATION_ORDER;

    static {
        for (RecordField f : values()) {
            BY_KEY.put(f.key, f);
        }
        OBSERVATION_ORDER = Arrays.stream(values()).filter(f -> f.observationRank != 0)
                .sorted(Comparator.comparingInt(f -> f.observationRank)).collect(Collectors.toUnmodifiableList());
    }

    private final String key;
    private final Kind kind;
    private final int observationRank;
    private final Set<Role> roles;

    /** A field that does not order observations. */
    RecordField(String key, Kind kind, Role first, Role... more) {
        this(key, kind, 0, first, more);
    }

    /** @param observationRank the field's place in {@link #observationOrder()}, 1 first */
    RecordField(String key, Kind kind, int observationRank, Role first, Role... more) {
        this.key = key;
        this.kind = kind;
        this.observationRank = observationRank;
        this.roles = Collections.unmodifiableSet(EnumSet.of(first, more));
    }

    /** The JSON key. */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    public Set<Role> roles() {
        return roles;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The fields with {@code role}, in declaration order. */
    public static List<RecordField> withRole(Role role) {
        return Arrays.stream(values()).filter(f -> f.has(role)).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Which of two observations of a user is the latest, most significant field first: created_at,
     * then the id (as a number), then the profile values, which only break ties between two
     * different copies of one post so that they still give one answer.
     */
    public static List<RecordField> observationOrder() {
        return OBSERVATION_ORDER;
    }

    public boolean required() {
        return kind != Kind.OPTIONAL_ID;
    }

    /** The field with this JSON key, or null. */
    public static RecordField byKey(String key) {
        return BY_KEY.get(key);
    }
}
