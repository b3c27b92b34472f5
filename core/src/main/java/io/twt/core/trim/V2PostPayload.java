package io.twt.core.trim;

import static io.twt.core.trim.JsonValues.bool;
import static io.twt.core.trim.JsonValues.count;
import static io.twt.core.trim.JsonValues.idText;
import static io.twt.core.trim.JsonValues.isObject;
import static io.twt.core.trim.JsonValues.memberString;
import static io.twt.core.trim.JsonValues.string;
import static io.twt.core.trim.PostChecks.orEmpty;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.twt.core.record.Entities;
import io.twt.core.record.EntityField;
import io.twt.core.record.TweetRecord;
import io.twt.core.validate.Problem;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} object and the {@code includes.users} of a v2 filtered-stream line, collected
 * during the scan of one line. The post's author is the user whose id is {@code data.author_id};
 * referenced posts in {@code includes.tweets} are skipped. {@code data.entities} and the top-level
 * {@code matching_rules} become the record's {@link EntityField}s.
 */
final class V2PostPayload {

    private Data data;
    private List<Author> users;
    /** data.entities and the line's matching_rules, which X writes after data. */
    private final Entities.Builder entities = new Entities.Builder();

    private static final class Data {
        String id;
        String createdAt;
        String authorId;
        String text;
        String noteText;
        long likeCount;
        long quoteCount;
        long replyCount;
        long retweetCount;
        /** The first id of data.edit_history_tweet_ids. */
        String firstVersionId;
    }

    /** Reads the value of top-level {@code key} when it is {@code data} or {@code includes}; leaves any other value unread. */
    void read(String key, JsonParser p, JsonToken v) throws IOException {
        switch (key) {
            case "data": data = readData(p, v, entities); break;
            case "matching_rules": EntityArrays.read(p, v, EntityField.MATCHING_RULES, "tag", "id", entities); break;
            case "includes": users = readIncludes(p, v, data == null ? null : data.authorId); break;
            default: break;
        }
    }

    /** True when the line had a {@code data} object: what makes it a v2 post. */
    boolean hasData() {
        return data != null;
    }

    TweetRecord toRecord() {
        Data d = data;
        PostChecks.requireId(d.id, "data.id");
        if (d.authorId == null) {
            throw new BadValue(Problem.of(Problem.NO_AUTHOR, "data.author_id", "the post has no author_id"));
        }
        PostChecks.requireUserId(d.authorId, "data.author_id");
        Author author = null;
        if (users != null) {
            for (Author u : users) {
                if (d.authorId.equals(u.id)) {
                    author = u;
                    break;
                }
            }
        }
        if (author == null) {
            throw new BadValue(Problem.of(Problem.NO_AUTHOR, "includes.users",
                    "no user in includes.users has the post's author_id " + d.authorId));
        }
        PostChecks.requireScreenName(author, "includes.users.username");
        Instant createdAt = PostChecks.parseIsoTime(d.createdAt, "data.created_at");
        String text = d.noteText != null ? d.noteText : d.text;
        return new TweetRecord(d.id, createdAt, author.screenName, orEmpty(author.name),
                author.favourites, author.followers, author.friends, author.listed, author.statuses,
                author.verified, PostChecks.verifiedTypeOf(author),
                orEmpty(text), d.likeCount, d.quoteCount, d.replyCount, d.retweetCount, d.authorId,
                originalId(d), entities.build());
    }

    /**
     * The first version's id when the post is an edit of it, else null: edit_history_tweet_ids lists
     * every version's id in the order of the edits, the post's own id last, and a post never edited
     * lists only itself (https://docs.x.com/x-api/fundamentals/edit-posts).
     */
    private static String originalId(Data d) {
        if (d.firstVersionId == null || d.firstVersionId.equals(d.id)) {
            return null;
        }
        PostChecks.requireOriginalId(d.firstVersionId, "data.edit_history_tweet_ids");
        return d.firstVersionId;
    }

    /** The first element of an array of ids, or null for an empty array or null. */
    private static String firstId(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            throw new BadValue(Problem.of(Problem.INVALID_ID, "data.edit_history_tweet_ids", "\"data.edit_history_tweet_ids\" is not an array"));
        }
        String first = null;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            String id = idText(p, e, "data.edit_history_tweet_ids");
            if (first == null) {
                first = id;
            }
        }
        return first;
    }

    private static Data readData(JsonParser p, JsonToken v, Entities.Builder entities) throws IOException {
        if (!isObject(p, v)) {
            return null;
        }
        Data d = new Data();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "id": d.id = idText(p, t, "data.id"); break;
                case "created_at": d.createdAt = string(p, t); break;
                case "author_id": d.authorId = idText(p, t, "data.author_id"); break;
                case "text": d.text = string(p, t); break;
                case "note_tweet": d.noteText = memberString(p, t, "text"); break;
                case "public_metrics": readPostMetrics(p, t, d); break;
                case "entities": EntityArrays.readObject(p, t, ENTITIES, entities); break;
                case "edit_history_tweet_ids": d.firstVersionId = firstId(p, t); break;
                default: p.skipChildren();
            }
        }
        return d;
    }

    /** data.entities: cashtags and hashtags by tag, mentions by username, urls by expanded_url or url. */
    private static final Map<String, EntityArrays.Member> ENTITIES = Map.of(
            "cashtags", new EntityArrays.Member(EntityField.CASHTAGS, "tag", null),
            "hashtags", new EntityArrays.Member(EntityField.HASHTAGS, "tag", null),
            "mentions", new EntityArrays.Member(EntityField.MENTIONS, "username", null),
            "urls", new EntityArrays.Member(EntityField.URLS, "expanded_url", "url"));

    private static void readPostMetrics(JsonParser p, JsonToken v, Data d) throws IOException {
        if (!isObject(p, v)) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "like_count": d.likeCount = count(p, t, "data.public_metrics.like_count"); break;
                case "quote_count": d.quoteCount = count(p, t, "data.public_metrics.quote_count"); break;
                case "reply_count": d.replyCount = count(p, t, "data.public_metrics.reply_count"); break;
                case "retweet_count": d.retweetCount = count(p, t, "data.public_metrics.retweet_count"); break;
                default: p.skipChildren();
            }
        }
    }

    /** The users of includes; when the author's id is already known, only the author is read in full. */
    private static List<Author> readIncludes(JsonParser p, JsonToken v, String authorId) throws IOException {
        if (!isObject(p, v)) {
            return null;
        }
        List<Author> found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            if ("users".equals(key) && t == JsonToken.START_ARRAY) {
                found = new ArrayList<>(2);
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    if (e == JsonToken.START_OBJECT) {
                        Author u = readUser(p, authorId);
                        if (u != null) {
                            found.add(u);
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    /** One user of includes.users, or null (rest skipped) when its id shows it is not {@code authorId}. */
    private static Author readUser(JsonParser p, String authorId) throws IOException {
        Author u = new Author();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "id":
                    u.id = idText(p, t, "includes.users.id");
                    if (authorId != null && !authorId.equals(u.id)) {
                        JsonValues.skipRestOfObject(p);
                        return null;
                    }
                    break;
                case "username": u.screenName = string(p, t); break;
                case "name": u.name = string(p, t); break;
                case "verified": u.verified = bool(p, t, "includes.users.verified"); break;
                case "verified_type": u.verifiedType = string(p, t); break;
                case "public_metrics": readUserMetrics(p, t, u); break;
                default: p.skipChildren();
            }
        }
        return u;
    }

    private static void readUserMetrics(JsonParser p, JsonToken v, Author u) throws IOException {
        if (!isObject(p, v)) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String m = p.currentName();
            JsonToken t = p.nextToken();
            switch (m) {
                case "like_count": u.favourites = count(p, t, "includes.users.public_metrics.like_count"); break;
                case "followers_count": u.followers = count(p, t, "includes.users.public_metrics.followers_count"); break;
                case "following_count": u.friends = count(p, t, "includes.users.public_metrics.following_count"); break;
                case "listed_count": u.listed = count(p, t, "includes.users.public_metrics.listed_count"); break;
                case "tweet_count": u.statuses = count(p, t, "includes.users.public_metrics.tweet_count"); break;
                default: p.skipChildren();
            }
        }
    }
}
