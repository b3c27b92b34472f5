package io.twt.core.record;

import java.time.Instant;
import java.util.Objects;

/**
 * One trimmed post: the flat record the forwarder sends to Firehose, one JSON object per line.
 * Ids are strings because tweet ids exceed 2^53. {@code originalId} is null unless the post is an
 * edit of another (then the record has an {@code original_id} key). The {@link EntityField} keys
 * follow the {@link RecordField}s, each only when the post has a value for it.
 */
public record TweetRecord(
        String id,
        Instant createdAt,
        String screenname,
        String username,
        long userFavouritesCount,
        long userFollowersCount,
        long userFriendsCount,
        long userListedCount,
        long userStatusesCount,
        boolean verified,
        String verifiedType,
        String text,
        long tweetFavoriteCount,
        long tweetQuoteCount,
        long tweetReplyCount,
        long tweetRetweetCount,
        String userId,
        String originalId,
        Entities entities) {

    /** A record without entities, as every record was before they were added. */
    public TweetRecord(String id, Instant createdAt, String screenname, String username,
            long userFavouritesCount, long userFollowersCount, long userFriendsCount, long userListedCount,
            long userStatusesCount, boolean verified, String verifiedType, String text,
            long tweetFavoriteCount, long tweetQuoteCount, long tweetReplyCount, long tweetRetweetCount, String userId) {
        this(id, createdAt, screenname, username, userFavouritesCount, userFollowersCount, userFriendsCount,
                userListedCount, userStatusesCount, verified, verifiedType, text, tweetFavoriteCount,
                tweetQuoteCount, tweetReplyCount, tweetRetweetCount, userId, null, Entities.NONE);
    }

    /** A record of a post that is its own original (not an edit). */
    public TweetRecord(String id, Instant createdAt, String screenname, String username,
            long userFavouritesCount, long userFollowersCount, long userFriendsCount, long userListedCount,
            long userStatusesCount, boolean verified, String verifiedType, String text,
            long tweetFavoriteCount, long tweetQuoteCount, long tweetReplyCount, long tweetRetweetCount, String userId,
            Entities entities) {
        this(id, createdAt, screenname, username, userFavouritesCount, userFollowersCount, userFriendsCount,
                userListedCount, userStatusesCount, verified, verifiedType, text, tweetFavoriteCount,
                tweetQuoteCount, tweetReplyCount, tweetRetweetCount, userId, null, entities);
    }

    public TweetRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(screenname, "screenname");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(verifiedType, "verifiedType");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(entities, "entities");
    }
}
