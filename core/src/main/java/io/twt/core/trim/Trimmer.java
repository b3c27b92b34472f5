package io.twt.core.trim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.twt.core.record.RecordJson;
import io.twt.core.record.Timestamps;
import io.twt.core.record.TweetRecord;
import io.twt.core.validate.Problem;
import io.twt.core.validate.RecordValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Trims one line of an X stream to the flat record.
 *
 * <p>One streaming pass reads only the keys any format needs and skips everything else, so a
 * 5 KB v1.1 status costs little more than tokenizing it. The format is detected per line: a
 * {@code data} object means a v2 filtered-stream post; a v1.1 control key or a v2 line with only
 * {@code errors} is a control message; a {@code user} object means a v1.1 status; a top-level
 * {@code screenname} means an already-trimmed record, which is passed through unchanged for the
 * record rules to judge. Thread-safe.
 */
public final class Trimmer {

    /** Top-level keys of v1.1 stream messages that are not posts. */
    static final Set<String> V1_CONTROL_KEYS = Set.of(
            "delete", "scrub_geo", "limit", "status_withheld", "user_withheld", "disconnect", "warning", "event", "friends");

    private final InputFormat format;
    private final JsonFactory factory;
    private final RecordJson json;

    public Trimmer(InputFormat format) {
        this(format, new JsonFactory());
    }

    public Trimmer(InputFormat format, JsonFactory factory) {
        this.format = format;
        this.factory = factory;
        this.json = new RecordJson();
    }

    public InputFormat format() {
        return format;
    }

    public TrimResult trim(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return trim(bytes, 0, bytes.length);
    }

    /** Trims the UTF-8 line {@code buf[off, off+len)}; a trailing CR or surrounding blanks are ignored. */
    public TrimResult trim(byte[] buf, int off, int len) {
        int start = off;
        int end = off + len;
        while (start < end && isBlank(buf[start])) {
            start++;
        }
        while (end > start && isBlank(buf[end - 1])) {
            end--;
        }
        if (start == end) {
            return TrimResult.KEEPALIVE_RESULT;
        }
        Scan s = new Scan();
        try (JsonParser p = factory.createParser(buf, start, end - start)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return TrimResult.rejected(Problem.of(Problem.NOT_OBJECT, null, "the line is not a JSON object"));
            }
            scanTop(p, s);
            if (p.nextToken() != null) {
                return TrimResult.rejected(Problem.of(Problem.NOT_JSON, null, "unexpected content after the JSON object"));
            }
        } catch (StreamReadException e) {
            return TrimResult.rejected(Problem.of(Problem.NOT_JSON, null, "not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return TrimResult.rejected(Problem.of(Problem.NOT_JSON, null, "not valid JSON: " + e.getMessage()));
        } catch (BadValue e) {
            // A value X would never send, under a key X uses: in an X payload a reason to refuse
            // it; in a trimmed record just an unknown extra key, which the record rules allow.
            if (format != InputFormat.V1 && format != InputFormat.V2 && hasTopLevelScreenname(buf, start, end)) {
                return TrimResult.post(Arrays.copyOfRange(buf, start, end));
            }
            return TrimResult.rejected(e.problem);
        }
        try {
            return classify(s, buf, start, end);
        } catch (BadValue e) {
            return TrimResult.rejected(e.problem);
        }
    }

    /** True when the JSON object in {@code buf[start, end)} has a top-level "screenname" key: a trimmed record. */
    private boolean hasTopLevelScreenname(byte[] buf, int start, int end) {
        try (JsonParser p = factory.createParser(buf, start, end - start)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if ("screenname".equals(p.currentName())) {
                    return true;
                }
                p.nextToken();
                p.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private TrimResult classify(Scan s, byte[] buf, int start, int end) {
        InputFormat f = format;
        if (f == InputFormat.AUTO) {
            // No X payload has a top-level "screenname": a record may carry any unknown extra key
            // (even "user", "data" or "event") and must still pass through unchanged.
            if (s.trimmedKeys) {
                f = InputFormat.TRIMMED;
            } else if (s.data != null) {
                f = InputFormat.V2;
            } else if (s.control != null || s.errors != null) {
                return TrimResult.control(s.control != null ? s.control : s.errors);
            } else if (s.v1User != null) {
                f = InputFormat.V1;
            } else {
                return TrimResult.rejected(Problem.of(Problem.UNRECOGNISED, null,
                        "neither a v2 post (data), a v1.1 status (user), a trimmed record (screenname) nor a control message"));
            }
        }
        switch (f) {
            case V1:
                if (s.control != null) {
                    return TrimResult.control(s.control);
                }
                return TrimResult.post(json.toBytes(fromV1(s)));
            case V2:
                if (s.data == null) {
                    if (s.errors != null) {
                        return TrimResult.control(s.errors);
                    }
                    return TrimResult.rejected(Problem.of(Problem.UNRECOGNISED, null, "not a v2 filtered-stream line: no \"data\" object"));
                }
                return TrimResult.post(json.toBytes(fromV2(s)));
            case TRIMMED:
                return TrimResult.post(Arrays.copyOfRange(buf, start, end));
            default:
                throw new IllegalStateException("unhandled format " + f);
        }
    }

    private static TweetRecord fromV1(Scan s) {
        String id = s.idStr != null ? s.idStr : s.id;
        requireId(id, "id_str");
        User u = s.v1User;
        if (u == null) {
            throw new BadValue(Problem.of(Problem.NO_AUTHOR, "user", "the status has no \"user\" object"));
        }
        requireScreenName(u, "user.screen_name");
        requireUserId(u.id, "user.id_str");
        Instant createdAt = parseV1Time(s.createdAt);
        String text = s.extendedFullText != null ? s.extendedFullText : s.fullText != null ? s.fullText : s.text;
        return new TweetRecord(id, createdAt, u.screenName, orEmpty(u.name),
                u.favourites, u.followers, u.friends, u.listed, u.statuses,
                u.verified, u.verifiedType != null ? u.verifiedType : "none",
                orEmpty(text), s.favoriteCount, s.quoteCount, s.replyCount, s.retweetCount,
                u.id != null ? u.id : null);
    }

    private static TweetRecord fromV2(Scan s) {
        V2Data d = s.data;
        requireId(d.id, "data.id");
        if (d.authorId == null) {
            throw new BadValue(Problem.of(Problem.NO_AUTHOR, "data.author_id", "the post has no author_id"));
        }
        requireUserId(d.authorId, "data.author_id");
        User author = null;
        if (s.v2Users != null) {
            for (User u : s.v2Users) {
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
        requireScreenName(author, "includes.users.username");
        Instant createdAt = parseIsoTime(d.createdAt, "data.created_at");
        String text = d.noteText != null ? d.noteText : d.text;
        return new TweetRecord(d.id, createdAt, author.screenName, orEmpty(author.name),
                author.favourites, author.followers, author.friends, author.listed, author.statuses,
                author.verified, author.verifiedType != null ? author.verifiedType : "none",
                orEmpty(text), d.likeCount, d.quoteCount, d.replyCount, d.retweetCount, d.authorId);
    }

    private static void requireId(String id, String field) {
        if (id == null) {
            throw new BadValue(Problem.of(Problem.NO_ID, field, "the post has no id"));
        }
        if (!RecordValidator.isDigits(id, 19)) {
            throw new BadValue(Problem.of(Problem.INVALID_ID, field, "the post id is not 1 to 19 digits"));
        }
    }

    /** The record's user_id must be 1 to 19 digits when present: never emit a record the rules refuse. */
    private static void requireUserId(String id, String field) {
        if (id != null && !RecordValidator.isDigits(id, 19)) {
            throw new BadValue(Problem.of(Problem.INVALID_ID, field, "the author's id is not 1 to 19 digits"));
        }
    }

    private static void requireScreenName(User u, String field) {
        if (u.screenName == null || u.screenName.isBlank()) {
            throw new BadValue(Problem.of(Problem.NO_AUTHOR, field, "the author has no screen name"));
        }
    }

    private static Instant parseV1Time(String value) {
        if (value == null) {
            throw new BadValue(Problem.of(Problem.INVALID_TIMESTAMP, "created_at", "the status has no created_at"));
        }
        try {
            return Timestamps.parseV1(value);
        } catch (DateTimeParseException e) {
            // Some producers already write ISO-8601.
            return parseIsoTime(value, "created_at");
        }
    }

    private static Instant parseIsoTime(String value, String field) {
        if (value == null) {
            throw new BadValue(Problem.of(Problem.INVALID_TIMESTAMP, field, "the post has no created_at"));
        }
        try {
            return Timestamps.parseIso(value);
        } catch (DateTimeParseException e) {
            throw new BadValue(Problem.of(Problem.INVALID_TIMESTAMP, field, "created_at '" + truncate(value) + "' is not a date-time"));
        }
    }

    // ---- the streaming scan -------------------------------------------------------------

    /** Everything any format needs from one line; absent values stay null or 0. */
    private static final class Scan {
        String id;
        String idStr;
        String createdAt;
        String text;
        String fullText;
        String extendedFullText;
        long favoriteCount;
        long quoteCount;
        long replyCount;
        long retweetCount;
        User v1User;
        V2Data data;
        List<User> v2Users;
        String control;
        String errors;
        boolean trimmedKeys;
    }

    private static final class User {
        String id;
        String screenName;
        String name;
        long favourites;
        long followers;
        long friends;
        long listed;
        long statuses;
        boolean verified;
        String verifiedType;
    }

    private static final class V2Data {
        String id;
        String createdAt;
        String authorId;
        String text;
        String noteText;
        long likeCount;
        long quoteCount;
        long replyCount;
        long retweetCount;
    }

    private static void scanTop(JsonParser p, Scan s) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (key) {
                case "id": s.id = idText(p, v, "id"); break;
                case "id_str": s.idStr = string(p, v); break;
                case "created_at": s.createdAt = string(p, v); break;
                case "text": s.text = string(p, v); break;
                case "full_text": s.fullText = string(p, v); break;
                case "extended_tweet": s.extendedFullText = scanExtended(p, v); break;
                case "favorite_count": s.favoriteCount = count(p, v, "favorite_count"); break;
                case "quote_count": s.quoteCount = count(p, v, "quote_count"); break;
                case "reply_count": s.replyCount = count(p, v, "reply_count"); break;
                case "retweet_count": s.retweetCount = count(p, v, "retweet_count"); break;
                case "user": s.v1User = scanV1User(p, v); break;
                case "data": s.data = scanV2Data(p, v); break;
                case "includes": s.v2Users = scanIncludes(p, v, s.data == null ? null : s.data.authorId); break;
                case "errors": s.errors = scanErrors(p, v); break;
                case "screenname": s.trimmedKeys = true; p.skipChildren(); break;
                default:
                    if (V1_CONTROL_KEYS.contains(key)) {
                        s.control = key;
                    }
                    p.skipChildren();
            }
        }
    }

    private static String scanExtended(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String fullText = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            if ("full_text".equals(key)) {
                fullText = string(p, t);
            } else {
                p.skipChildren();
            }
        }
        return fullText;
    }

    private static User scanV1User(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        User u = new User();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "id_str": u.id = string(p, t); break;
                case "id": if (u.id == null) { u.id = idText(p, t, "user.id"); } break;
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

    private static V2Data scanV2Data(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        V2Data d = new V2Data();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "id": d.id = idText(p, t, "data.id"); break;
                case "created_at": d.createdAt = string(p, t); break;
                case "author_id": d.authorId = idText(p, t, "data.author_id"); break;
                case "text": d.text = string(p, t); break;
                case "note_tweet": d.noteText = scanNoteTweet(p, t); break;
                case "public_metrics": scanTweetMetrics(p, t, d); break;
                default: p.skipChildren();
            }
        }
        return d;
    }

    private static String scanNoteTweet(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String text = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            if ("text".equals(key)) {
                text = string(p, t);
            } else {
                p.skipChildren();
            }
        }
        return text;
    }

    private static void scanTweetMetrics(JsonParser p, JsonToken v, V2Data d) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
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
    private static List<User> scanIncludes(JsonParser p, JsonToken v, String authorId) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        List<User> users = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            if ("users".equals(key) && t == JsonToken.START_ARRAY) {
                users = new ArrayList<>(2);
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    if (e == JsonToken.START_OBJECT) {
                        User u = scanV2User(p, authorId);
                        if (u != null) {
                            users.add(u);
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return users;
    }

    /** One user of includes.users, or null (rest skipped) when its id shows it is not {@code authorId}. */
    private static User scanV2User(JsonParser p, String authorId) throws IOException {
        User u = new User();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "id":
                    u.id = idText(p, t, "includes.users.id");
                    if (authorId != null && !authorId.equals(u.id)) {
                        skipRestOfObject(p);
                        return null;
                    }
                    break;
                case "username": u.screenName = string(p, t); break;
                case "name": u.name = string(p, t); break;
                case "verified": u.verified = bool(p, t, "includes.users.verified"); break;
                case "verified_type": u.verifiedType = string(p, t); break;
                case "public_metrics":
                    if (t != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        break;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String m = p.currentName();
                        JsonToken mt = p.nextToken();
                        switch (m) {
                            case "like_count": u.favourites = count(p, mt, "includes.users.public_metrics.like_count"); break;
                            case "followers_count": u.followers = count(p, mt, "includes.users.public_metrics.followers_count"); break;
                            case "following_count": u.friends = count(p, mt, "includes.users.public_metrics.following_count"); break;
                            case "listed_count": u.listed = count(p, mt, "includes.users.public_metrics.listed_count"); break;
                            case "tweet_count": u.statuses = count(p, mt, "includes.users.public_metrics.tweet_count"); break;
                            default: p.skipChildren();
                        }
                    }
                    break;
                default: p.skipChildren();
            }
        }
        return u;
    }

    private static void skipRestOfObject(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            p.skipChildren();
        }
    }

    /** The first error's title or type (e.g. operational-disconnect), or "errors". */
    private static String scanErrors(JsonParser p, JsonToken v) throws IOException {
        String type = "errors";
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            return type;
        }
        boolean first = true;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e != JsonToken.START_OBJECT || !first) {
                p.skipChildren();
                continue;
            }
            first = false;
            String title = null;
            String errorType = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if ("title".equals(key) && t == JsonToken.VALUE_STRING) {
                    title = p.getText();
                } else if ("type".equals(key) && t == JsonToken.VALUE_STRING) {
                    errorType = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (title != null) {
                type = title;
            } else if (errorType != null) {
                type = errorType;
            }
        }
        return type;
    }

    // ---- value readers --------------------------------------------------------------------

    private static String string(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** An id given as a string or as a JSON integer (v1.1's numeric {@code id}). */
    private static String idText(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        p.skipChildren();
        throw new BadValue(Problem.of(Problem.INVALID_ID, field, "\"" + field + "\" is not a string or an integer"));
    }

    /** A counter: an integer ≥ 0, a string of digits, or null/absent (0). */
    private static long count(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER && p.getLongValue() >= 0) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (t == JsonToken.VALUE_STRING && RecordValidator.isDigits(p.getText(), 18)) {
            return Long.parseLong(p.getText());
        }
        p.skipChildren();
        throw new BadValue(Problem.of(Problem.INVALID_COUNT, field, "\"" + field + "\" is not an integer of 0 or more"));
    }

    private static boolean bool(JsonParser p, JsonToken t, String field) throws IOException {
        switch (t) {
            case VALUE_TRUE: return true;
            case VALUE_FALSE:
            case VALUE_NULL: return false;
            case VALUE_STRING:
                if ("true".equals(p.getText())) {
                    return true;
                }
                if ("false".equals(p.getText())) {
                    return false;
                }
                break;
            default:
                p.skipChildren();
        }
        throw new BadValue(Problem.of(Problem.INVALID_BOOLEAN, field, "\"" + field + "\" is not a boolean"));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String truncate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** A value that makes the line unusable; carries the problem out of the scan. */
    private static final class BadValue extends RuntimeException {
        final transient Problem problem;

        BadValue(Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }
}
