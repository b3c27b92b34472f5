package io.twt.core.record;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a {@link TweetRecord} as one compact JSON line, keys in {@link RecordField} order, then
 * the {@link EntityField}s the post has, in their order.
 * Written by hand (keys pre-encoded, strings encoded in place): it runs once per post
 * in the forwarder's hot path, where a generator per record cost more than the parse. Thread-safe.
 */
public final class RecordJson {

    /** The record's timestamp form: UTC with milliseconds, as X's v2 API writes it. */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Firehose's largest record, 1,000 KiB: a record line (newline included) over it cannot be delivered. */
    public static final int MAX_DELIVERED_BYTES = 1000 * 1024;

    private static final byte[][] KEY_PREFIX = new byte[RecordField.values().length][];

    static {
        for (RecordField f : RecordField.values()) {
            KEY_PREFIX[f.ordinal()] = ((f.ordinal() == 0 ? "{\"" : ",\"") + f.key() + "\":").getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** One reusable buffer per thread: the record is copied out of it once, at its exact size. */
    private static final ThreadLocal<Out> BUFFER = ThreadLocal.withInitial(() -> new Out(1024));

    public static String formatTimestamp(Instant instant) {
        return Timestamps.format(instant);
    }

    /** The record as UTF-8 JSON, without a line terminator. */
    public byte[] toBytes(TweetRecord r) {
        Out o = BUFFER.get();
        o.len = 0;
        o.key(RecordField.ID).string(r.id());
        o.key(RecordField.CREATED_AT).timestamp(r.createdAt());
        o.key(RecordField.SCREENNAME).string(r.screenname());
        o.key(RecordField.USERNAME).string(r.username());
        o.key(RecordField.USER_FAVOURITES_COUNT).number(r.userFavouritesCount());
        o.key(RecordField.USER_FOLLOWERS_COUNT).number(r.userFollowersCount());
        o.key(RecordField.USER_FRIENDS_COUNT).number(r.userFriendsCount());
        o.key(RecordField.USER_LISTED_COUNT).number(r.userListedCount());
        o.key(RecordField.USER_STATUSES_COUNT).number(r.userStatusesCount());
        o.key(RecordField.VERIFIED).raw(r.verified() ? "true" : "false");
        o.key(RecordField.VERIFIED_TYPE).string(r.verifiedType());
        o.key(RecordField.TEXT).string(r.text());
        o.key(RecordField.TWEET_FAVORITE_COUNT).number(r.tweetFavoriteCount());
        o.key(RecordField.TWEET_QUOTE_COUNT).number(r.tweetQuoteCount());
        o.key(RecordField.TWEET_REPLY_COUNT).number(r.tweetReplyCount());
        o.key(RecordField.TWEET_RETWEET_COUNT).number(r.tweetRetweetCount());
        o.key(RecordField.USER_ID);
        if (r.userId() == null) {
            o.raw("null");
        } else {
            o.string(r.userId());
        }
        // Only for an edit: the record of every other post stays byte for byte what it was before the key existed.
        if (r.originalId() != null) {
            o.key(RecordField.ORIGINAL_ID).string(r.originalId());
        }
        if (!r.entities().isEmpty()) {
            for (EntityField f : EntityField.values()) {
                List<String> values = r.entities().get(f);
                if (!values.isEmpty()) {
                    o.raw(",\"").raw(f.key()).raw("\":[");
                    for (int i = 0; i < values.size(); i++) {
                        if (i > 0) {
                            o.raw(",");
                        }
                        o.string(values.get(i));
                    }
                    o.raw("]");
                }
            }
        }
        o.raw("}");
        return o.toByteArray();
    }

    public String toJson(TweetRecord r) {
        return new String(toBytes(r), StandardCharsets.UTF_8);
    }

    /** A growable byte buffer that speaks just enough JSON: UTF-8 and escapes written in place. */
    private static final class Out {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] REPLACEMENT_CHARACTER = "\ufffd".getBytes(StandardCharsets.UTF_8);
        /** Bytes that JSON strings must escape: control characters, quote and backslash. */
        private static final boolean[] ESCAPED = new boolean[256];

        static {
            for (int c = 0; c < 0x20; c++) {
                ESCAPED[c] = true;
            }
            ESCAPED['"'] = true;
            ESCAPED['\\'] = true;
        }

        private byte[] buf;
        private int len;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        Out key(RecordField f) {
            byte[] b = KEY_PREFIX[f.ordinal()];
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            return this;
        }

        /**
         * A JSON string as Jackson writes it: quote, backslash and control characters escaped,
         * everything else as UTF-8. The JDK's encoder does the UTF-8 (fast for the common ASCII
         * case); a lone surrogate, possible after a "\ud83d" escape in the input, becomes '?' as
         * it always does in Java, and U+0000 becomes U+FFFD, so that every engine can read the
         * line (the record rules refuse both: see io.twt.core.validate.LineBytes).
         */
        Out string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            ensure(utf8.length + 2);
            buf[len++] = '"';
            int from = 0;
            for (int i = 0; i < utf8.length; i++) {
                if (ESCAPED[utf8[i] & 0xff]) {
                    copy(utf8, from, i);
                    if (utf8[i] == 0) {
                        copy(REPLACEMENT_CHARACTER, 0, REPLACEMENT_CHARACTER.length);
                    } else {
                        escape((char) utf8[i]);
                    }
                    from = i + 1;
                }
            }
            copy(utf8, from, utf8.length);
            ensure(1);
            buf[len++] = '"';
            return this;
        }

        Out timestamp(Instant t) {
            ensure(Timestamps.FORMATTED_LENGTH + 2);
            buf[len] = '"';
            if (!Timestamps.formatInto(t, buf, len + 1)) {
                return string(Timestamps.format(t));
            }
            len += Timestamps.FORMATTED_LENGTH + 1;
            buf[len++] = '"';
            return this;
        }

        private void copy(byte[] src, int from, int to) {
            int n = to - from;
            ensure(n);
            System.arraycopy(src, from, buf, len, n);
            len += n;
        }

        private void escape(char c) {
            ensure(6);
            buf[len++] = '\\';
            switch (c) {
                case '"': buf[len++] = '"'; break;
                case '\\': buf[len++] = '\\'; break;
                case '\n': buf[len++] = 'n'; break;
                case '\r': buf[len++] = 'r'; break;
                case '\t': buf[len++] = 't'; break;
                case '\b': buf[len++] = 'b'; break;
                case '\f': buf[len++] = 'f'; break;
                default:
                    buf[len++] = 'u';
                    buf[len++] = '0';
                    buf[len++] = '0';
                    buf[len++] = HEX[c >> 4];
                    buf[len++] = HEX[c & 0xf];
            }
        }

        Out number(long v) {
            if (v < 0) {
                return raw(Long.toString(v));
            }
            int digits = 1;
            for (long x = v; x >= 10; x /= 10) {
                digits++;
            }
            ensure(digits);
            for (int i = len + digits - 1; i >= len; i--) {
                buf[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            len += digits;
            return this;
        }

        Out raw(String ascii) {
            ensure(ascii.length());
            for (int i = 0; i < ascii.length(); i++) {
                buf[len++] = (byte) ascii.charAt(i);
            }
            return this;
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }
}
