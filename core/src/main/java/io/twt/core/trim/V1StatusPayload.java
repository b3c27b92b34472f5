package io.twt.core.trim;

import static io.twt.core.trim.JsonValues.bool;
import static io.twt.core.trim.JsonValues.count;
import static io.twt.core.trim.JsonValues.idText;
import static io.twt.core.trim.JsonValues.isObject;
import static io.twt.core.trim.JsonValues.string;
import static io.twt.core.trim.PostChecks.orEmpty;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.twt.core.record.Entities;
import io.twt.core.record.EntityField;
import io.twt.core.record.Timestamps;
import io.twt.core.record.TweetRecord;
import io.twt.core.validate.Problem;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The top-level keys of a v1.1 status and its {@code user} object, collected during the scan of
 * one line. Nested statuses (retweeted_status, quoted_status) are skipped whole. The status's
 * {@code entities}, or {@code extended_tweet.entities} when it has them, become the record's
 * {@link EntityField}s.
 */
final class V1StatusPayload {

    private String id;
    private String idStr;
    private String createdAt;
    private String text;
    private String fullText;
    private String extendedFullText;
    private long favoriteCount;
    private long quoteCount;
    private long replyCount;
    private long retweetCount;
    private Author user;
    private final Entities.Builder entities = new Entities.Builder();
    /** extended_tweet.entities, which cover the full text of a truncated status; they win over entities. */
    private final Entities.Builder extendedEntities = new Entities.Builder();
    private boolean hasExtendedEntities;

    /** Reads the value of top-level {@code key} when it is a v1.1 status key; leaves any other value unread. */
    void read(String key, JsonParser p, JsonToken v) throws IOException {
        switch (key) {
            case "id": id = idText(p, v, "id"); break;
            case "id_str": idStr = string(p, v); break;
            case "created_at": createdAt = string(p, v); break;
            case "text": text = string(p, v); break;
            case "full_text": fullText = string(p, v); break;
            case "extended_tweet": readExtended(p, v); break;
            case "entities": EntityArrays.readObject(p, v, ENTITIES, entities); break;
            case "favorite_count": favoriteCount = count(p, v, "favorite_count"); break;
            case "quote_count": quoteCount = count(p, v, "quote_count"); break;
            case "reply_count": replyCount = count(p, v, "reply_count"); break;
            case "retweet_count": retweetCount = count(p, v, "retweet_count"); break;
            case "user": user = readUser(p, v); break;
            default: break;
        }
    }

    /** True when the line had a {@code user} object: what makes it a v1.1 status. */
    boolean hasUser() {
        return user != null;
    }

    TweetRecord toRecord() {
        String postId = idStr != null ? idStr : id;
        PostChecks.requireId(postId, "id_str");
        Author u = user;
        if (u == null) {
            throw new BadValue(Problem.of(Problem.NO_AUTHOR, "user", "the status has no \"user\" object"));
        }
        PostChecks.requireScreenName(u, "user.screen_name");
        PostChecks.requireUserId(u.id, "user.id_str");
        Instant created = parseTime(createdAt);
        String body = extendedFullText != null ? extendedFullText : fullText != null ? fullText : text;
        return new TweetRecord(postId, created, u.screenName, orEmpty(u.name),
                u.favourites, u.followers, u.friends, u.listed, u.statuses,
                u.verified, PostChecks.verifiedTypeOf(u),
                orEmpty(body), favoriteCount, quoteCount, replyCount, retweetCount, u.id,
                hasExtendedEntities ? extendedEntities.build() : entities.build());
    }

    private void readExtended(JsonParser p, JsonToken v) throws IOException {
        if (!isObject(p, v)) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "full_text": extendedFullText = string(p, t); break;
                case "entities":
                    hasExtendedEntities = t == JsonToken.START_OBJECT;
                    EntityArrays.readObject(p, t, ENTITIES, extendedEntities);
                    break;
                default: p.skipChildren();
            }
        }
    }

    /** A v1.1 entities object: symbols and hashtags by text, user_mentions by screen_name, urls by expanded_url or url. */
    private static final Map<String, EntityArrays.Member> ENTITIES = Map.of(
            "symbols", new EntityArrays.Member(EntityField.CASHTAGS, "text", null),
            "hashtags", new EntityArrays.Member(EntityField.HASHTAGS, "text", null),
            "user_mentions", new EntityArrays.Member(EntityField.MENTIONS, "screen_name", null),
            "urls", new EntityArrays.Member(EntityField.URLS, "expanded_url", "url"));

    private static Instant parseTime(String value) {
        if (value == null) {
            throw new BadValue(Problem.of(Problem.INVALID_TIMESTAMP, "created_at", "the status has no created_at"));
        }
        try {
            return Timestamps.parseV1(value);
        } catch (DateTimeParseException e) {
            // Some producers already write ISO-8601.
            return PostChecks.parseIsoTime(value, "created_at");
        }
    }

    private static Author readUser(JsonParser p, JsonToken v) throws IOException {
        if (!isObject(p, v)) {
            return null;
        }
        Author u = new Author();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "id_str": u.id = string(p, t); break;
                case "id":
                    if (u.id == null) {
                        u.id = idText(p, t, "user.id");
                    } else {
                        p.skipChildren(); // id_str came first and wins; an id of another type is passed over whole
                    }
                    break;
                case "screen_name": u.screenName = string(p, t); break;
                case "name": u.name = string(p, t); break;
                case "favourites_count": u.favourites = count(p, t, "user.favourites_count"); break;
                case "followers_count": u.followers = count(p, t, "user.followers_count"); break;
                case "friends_count": u.friends = count(p, t, "user.friends_count"); break;
                case "listed_count": u.listed = count(p, t, "user.listed_count"); break;
                case "statuses_count": u.statuses = count(p, t, "user.statuses_count"); break;
                case "verified": u.verified = bool(p, t, "user.verified"); break;
                case "verified_type": u.verifiedType = string(p, t); break;
                default: p.skipChildren();
            }
        }
        return u;
    }
}
