package io.twt.core.record;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writes a {@link TweetRecord} as one compact JSON line, keys in {@link RecordField} order. */
public final class RecordJson {

    /** The record's timestamp form: UTC with milliseconds, as X's v2 API writes it. */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final JsonFactory factory;

    public RecordJson(JsonFactory factory) {
        this.factory = factory;
    }

    public RecordJson() {
        this(new JsonFactory());
    }

    public static String formatTimestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** The record as UTF-8 JSON, without a line terminator. */
    public byte[] toBytes(TweetRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + r.text().length() * 2);
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField(RecordField.ID.key(), r.id());
            g.writeStringField(RecordField.CREATED_AT.key(), formatTimestamp(r.createdAt()));
            g.writeStringField(RecordField.SCREENNAME.key(), r.screenname());
            g.writeStringField(RecordField.USERNAME.key(), r.username());
            g.writeNumberField(RecordField.USER_FAVOURITES_COUNT.key(), r.userFavouritesCount());
            g.writeNumberField(RecordField.USER_FOLLOWERS_COUNT.key(), r.userFollowersCount());
            g.writeNumberField(RecordField.USER_FRIENDS_COUNT.key(), r.userFriendsCount());
            g.writeNumberField(RecordField.USER_LISTED_COUNT.key(), r.userListedCount());
            g.writeNumberField(RecordField.USER_STATUSES_COUNT.key(), r.userStatusesCount());
            g.writeBooleanField(RecordField.VERIFIED.key(), r.verified());
            g.writeStringField(RecordField.VERIFIED_TYPE.key(), r.verifiedType());
            g.writeStringField(RecordField.TEXT.key(), r.text());
            g.writeNumberField(RecordField.TWEET_FAVORITE_COUNT.key(), r.tweetFavoriteCount());
            g.writeNumberField(RecordField.TWEET_QUOTE_COUNT.key(), r.tweetQuoteCount());
            g.writeNumberField(RecordField.TWEET_REPLY_COUNT.key(), r.tweetReplyCount());
            g.writeNumberField(RecordField.TWEET_RETWEET_COUNT.key(), r.tweetRetweetCount());
            if (r.userId() == null) {
                g.writeNullField(RecordField.USER_ID.key());
            } else {
                g.writeStringField(RecordField.USER_ID.key(), r.userId());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String toJson(TweetRecord r) {
        return new String(toBytes(r), StandardCharsets.UTF_8);
    }
}
