package io.twt.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.twt.core.record.Entities;
import io.twt.core.record.EntityField;
import io.twt.core.record.RecordJson;
import io.twt.core.record.TweetRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * Makes synthetic but realistic X stream payloads, deterministically from a seed: a population of
 * users whose profiles evolve as they post, posts with cashtags, rendered as v1.1 statuses (full
 * user objects, entities, retweets) or v2 filtered-stream lines (expansions, matching rules).
 * Test and benchmark code only: no production jar holds it.
 */
public final class SampleGenerator {

    /** Where the clock of {@code events/sample-stream.ndjson} and the benchmarks' data starts. */
    public static final Instant SAMPLE_START = Instant.parse("2026-03-01T12:00:00Z");

    /** X's snowflake-id epoch (ms). */
    private static final long X_EPOCH_MS = 1288834974657L;
    private static final DateTimeFormatter V1_TIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final List<String> CASHTAGS = List.of("$UOS", "$ATOM", "$ENJ", "$COTI", "$SAND");
    /** Hashtags some posts end with, in mixed case as people write them (#crypto is also in one of the texts). */
    private static final String[] HASHTAGS = {"crypto", "DeFi", "Altseason", "web3", "Staking"};
    /**
     * The entities of a post's text, as X finds them: cashtags, hashtags, mentions and the t.co
     * links X puts in place of URLs. v1.1 lists them in entities.symbols, hashtags, user_mentions
     * and urls with their indices (https://docs.x.com/x-api/enterprise-gnip-2.0/fundamentals/data-dictionary);
     * v2 in data.entities.cashtags, hashtags, mentions and urls with start and end.
     */
    private static final Pattern ENTITY = Pattern.compile(
            "\\$([A-Z]{2,6})\\b|#([A-Za-z0-9_]+)|@([A-Za-z0-9_]{1,15})|(https://t\\.co/[A-Za-z0-9]{10})");
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String[] FIRST = {"Ada", "Bo", "Chidi", "Dana", "Émile", "Fatima", "Giulia", "Hiro", "Inès", "Jonas",
        "Kofi", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë"};
    private static final String[] WORDS = {"breakout", "support", "resistance", "volume", "staking", "airdrop", "mainnet",
        "validator", "governance", "listing", "chart", "bullish", "bearish", "consolidation", "rally", "dip", "roadmap", "partnership"};
    private static final String[] VERIFIED_TYPES = {"none", "none", "none", "blue", "business", "government"};

    /** One user's profile as it is at the time of a post. */
    public record Profile(String userId, String screenName, String name, long favourites, long followers, long friends,
            long listed, long statuses, boolean verified, String verifiedType) {
    }

    /** One observation of a post: what one stream line says. */
    public record Post(String id, Instant createdAt, Profile user, String text, long likes, long quotes, long replies, long retweets) {

        private long tweetCountsHash() {
            return likes * 31 + quotes * 17 + replies * 7 + retweets;
        }

        /** The same post seen again later: counters only grow, the author's profile is as given. */
        public Post seenAgain(Profile now, SplittableRandom rnd) {
            return new Post(id, createdAt, now, text, likes + rnd.nextInt(0, 20), quotes + rnd.nextInt(0, 3),
                    replies + rnd.nextInt(0, 5), retweets + rnd.nextInt(0, 8));
        }
    }

    private final SplittableRandom rnd;
    private final JsonFactory json = new JsonFactory();
    private final Profile[] users;
    private Instant clock;

    public SampleGenerator(long seed, int userCount, Instant start) {
        this.rnd = new SplittableRandom(seed);
        this.clock = start;
        this.users = new Profile[userCount];
        for (int i = 0; i < userCount; i++) {
            String first = FIRST[i % FIRST.length];
            String screen = first.toLowerCase(Locale.ROOT).replace("é", "e").replace("è", "e").replace("ë", "e").replace("ï", "i")
                    .replace("ö", "o") + "_" + (i < FIRST.length ? "trades" : String.valueOf(i));
            boolean verified = rnd.nextInt(5) == 0;
            users[i] = new Profile(String.valueOf(1_000_000L + rnd.nextLong(1L << 50)), screen,
                    first + " " + (char) ('A' + rnd.nextInt(26)) + ".", rnd.nextLong(50_000), rnd.nextLong(200_000),
                    rnd.nextLong(5_000), rnd.nextLong(900), rnd.nextLong(100_000), verified,
                    verified ? VERIFIED_TYPES[3 + rnd.nextInt(3)] : "none");
        }
    }

    public SplittableRandom random() {
        return rnd;
    }

    /** A new post by a random user; time moves on 0–3 s and the author's profile evolves. */
    public Post next() {
        // X timestamps have whole seconds (v2 writes .000); the id carries the milliseconds.
        clock = clock.plusSeconds(rnd.nextLong(0, 4));
        int u = rnd.nextInt(users.length);
        Profile p = users[u];
        p = new Profile(p.userId(), p.screenName(), p.name(), p.favourites() + rnd.nextInt(0, 4),
                Math.max(0, p.followers() + rnd.nextInt(-3, 25)), p.friends() + rnd.nextInt(0, 2), p.listed(),
                p.statuses() + 1, p.verified(), p.verifiedType());
        users[u] = p;
        long ms = clock.toEpochMilli() + rnd.nextLong(1_000);
        String id = String.valueOf(((ms - X_EPOCH_MS) << 22) | rnd.nextLong(1L << 22));
        String text = decorated(text(), new SplittableRandom(Long.parseLong(id)));
        return new Post(id, clock, p, text, rnd.nextInt(0, 40), rnd.nextInt(0, 3), rnd.nextInt(0, 6), rnd.nextInt(0, 12));
    }

    /**
     * The text with, for some posts, a hashtag, a mention and a link at its end. The choices come
     * from {@code look} (seeded by the post's id), not from the generator's random, so that the
     * posts, users and lines made stay those made before posts had them.
     */
    private String decorated(String text, SplittableRandom look) {
        StringBuilder sb = new StringBuilder(text);
        if (look.nextInt(3) == 0) {
            sb.append(" #").append(HASHTAGS[look.nextInt(HASHTAGS.length)]);
        }
        if (look.nextInt(4) == 0) {
            sb.append(" cc @").append(users[look.nextInt(users.length)].screenName());
        }
        if (look.nextInt(5) == 0) {
            sb.append(" https://t.co/");
            for (int i = 0; i < 10; i++) {
                sb.append(ALPHANUMERIC.charAt(look.nextInt(ALPHANUMERIC.length())));
            }
        }
        return sb.toString();
    }

    /** One entity of a post's text: its field, its chars [start, end) in the text, and its value as the trimmer keeps it. */
    record Entity(EntityField field, int start, int end, String value) {
    }

    /**
     * The entities of {@code text} that end within its first {@code chars} chars (what a
     * truncated rendering shows), in text order, duplicates kept. A cashtag's or hashtag's value
     * is its tag, a mention's the username, a link's value its expanded URL.
     */
    static List<Entity> entitiesIn(String text, int chars) {
        List<Entity> out = new ArrayList<>();
        Matcher m = ENTITY.matcher(text);
        while (m.find() && m.end() <= chars) {
            if (m.group(1) != null) {
                out.add(new Entity(EntityField.CASHTAGS, m.start(), m.end(), m.group(1)));
            } else if (m.group(2) != null) {
                out.add(new Entity(EntityField.HASHTAGS, m.start(), m.end(), m.group(2)));
            } else if (m.group(3) != null) {
                out.add(new Entity(EntityField.MENTIONS, m.start(), m.end(), m.group(3)));
            } else {
                out.add(new Entity(EntityField.URLS, m.start(), m.end(), expandedUrl(m.group(4))));
            }
        }
        return out;
    }

    /** What a t.co link of the sample stands for. */
    private static String expandedUrl(String tco) {
        return "https://example.org/notes/" + tco.substring(tco.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    /** The trimmer's entities of a rendering that shows the first {@code chars} chars of {@code text}. */
    static Entities entities(String text, int chars) {
        Entities.Builder b = new Entities.Builder();
        for (Entity e : entitiesIn(text, chars)) {
            b.add(e.field(), e.value());
        }
        return b.build();
    }

    /** The chars of a post's text that a truncated rendering (v1.1 text, v2 data.text) shows before its ellipsis. */
    static final int SHOWN_CHARS = 277;

    /** X's offsets count code points, not UTF-16 chars. */
    private static int codePoints(String text, int chars) {
        return text.codePointCount(0, chars);
    }

    /** The author of a mention, by screen name; null when no user of the sample has it. */
    private Profile userNamed(String screenName) {
        for (Profile u : users) {
            if (u.screenName().equals(screenName)) {
                return u;
            }
        }
        return null;
    }

    /** The current profile of a post's author (for re-deliveries seen later). */
    public Profile currentProfileOf(Post post) {
        for (Profile p : users) {
            if (p.userId().equals(post.user().userId())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown author " + post.user().screenName());
    }

    private String text() {
        StringBuilder sb = new StringBuilder();
        String tag = CASHTAGS.get(rnd.nextInt(CASHTAGS.size()));
        switch (rnd.nextInt(6)) {
            case 0: sb.append(tag).append(" ").append(word()).append(" above the ").append(word()).append(" line 📈"); break;
            case 1: sb.append("Watching ").append(tag).append(" and ").append(CASHTAGS.get(rnd.nextInt(CASHTAGS.size())))
                    .append(": \"").append(word()).append("\" is the word today"); break;
            case 2: sb.append("RT-worthy: ").append(tag).append(" ").append(word()).append(" — ").append(word()).append(", ").append(word()); break;
            case 3: sb.append(tag).append(" thread 🧵\n1/ ").append(word()).append("\n2/ ").append(word()).append(" & ").append(word()); break;
            case 4: sb.append("Is ").append(tag).append(" <").append(word()).append("> or not? 🤔 #crypto"); break;
            default: sb.append(tag).append(" ").append(word()).append(" ").append(word()).append(" ").append(word());
        }
        if (rnd.nextInt(10) == 0) {
            // A long post: v1.1 puts it in extended_tweet, v2 in note_tweet.
            while (sb.length() < 320) {
                sb.append(' ').append(word());
            }
        }
        return sb.toString();
    }

    private String word() {
        return WORDS[rnd.nextInt(WORDS.length)];
    }

    /** The post as a v1.1 status, as the statuses/filter stream (twitter4j) delivers it. */
    public String v1(Post p) {
        SplittableRandom look = renderingRandom(p);
        return write(g -> {
            boolean retweet = look.nextInt(8) == 0;
            boolean longText = p.text().length() > 280;
            String shortText = longText ? p.text().substring(0, SHOWN_CHARS) + "…" : p.text();
            g.writeStartObject();
            g.writeStringField("created_at", V1_TIME.format(p.createdAt()));
            g.writeNumberField("id", Long.parseLong(p.id()));
            g.writeStringField("id_str", p.id());
            g.writeStringField("text", shortText);
            g.writeStringField("source", "<a href=\"https://mobile.x.com\" rel=\"nofollow\">X for Android</a>");
            g.writeBooleanField("truncated", longText);
            g.writeNullField("in_reply_to_status_id");
            g.writeNullField("in_reply_to_status_id_str");
            g.writeNullField("in_reply_to_user_id");
            g.writeNullField("in_reply_to_user_id_str");
            g.writeNullField("in_reply_to_screen_name");
            g.writeFieldName("user");
            v1User(g, p.user());
            g.writeNullField("geo");
            g.writeNullField("coordinates");
            g.writeNullField("place");
            g.writeNullField("contributors");
            if (retweet) {
                Profile other = users[look.nextInt(users.length)];
                g.writeFieldName("retweeted_status");
                g.writeStartObject();
                g.writeStringField("created_at", V1_TIME.format(p.createdAt().minusSeconds(3600)));
                g.writeNumberField("id", 1L);
                g.writeStringField("id_str", "1");
                g.writeStringField("text", "original of a retweet: must not be taken for the post");
                g.writeFieldName("user");
                v1User(g, other);
                g.writeNumberField("favorite_count", 999_999);
                g.writeNumberField("retweet_count", 999_999);
                g.writeEndObject();
            }
            g.writeBooleanField("is_quote_status", false);
            if (longText) {
                g.writeFieldName("extended_tweet");
                g.writeStartObject();
                g.writeStringField("full_text", p.text());
                g.writeArrayFieldStart("display_text_range");
                g.writeNumber(0);
                g.writeNumber(p.text().length());
                g.writeEndArray();
                g.writeFieldName("entities");
                v1Entities(g, p.text(), p.text().length());
                g.writeEndObject();
            }
            g.writeNumberField("quote_count", p.quotes());
            g.writeNumberField("reply_count", p.replies());
            g.writeNumberField("retweet_count", p.retweets());
            g.writeNumberField("favorite_count", p.likes());
            g.writeFieldName("entities");
            v1Entities(g, p.text(), longText ? SHOWN_CHARS : p.text().length());
            g.writeBooleanField("favorited", false);
            g.writeBooleanField("retweeted", false);
            g.writeStringField("filter_level", "low");
            g.writeStringField("lang", "en");
            g.writeStringField("timestamp_ms", String.valueOf(p.createdAt().toEpochMilli()));
            g.writeEndObject();
        });
    }

    /** Rendering choices come from the post itself, so the posts made do not depend on how they are rendered. */
    private static SplittableRandom renderingRandom(Post p) {
        return new SplittableRandom(Long.parseLong(p.id()) ^ p.tweetCountsHash());
    }

    private void v1User(JsonGenerator g, Profile u) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", Long.parseLong(u.userId()));
        g.writeStringField("id_str", u.userId());
        g.writeStringField("name", u.name());
        g.writeStringField("screen_name", u.screenName());
        g.writeStringField("location", "Lisbon, Portugal");
        g.writeStringField("url", "https://example.org/" + u.screenName());
        g.writeStringField("description", "Markets, code and coffee. Not financial advice. " + CASHTAGS.get(0));
        g.writeStringField("translator_type", "none");
        g.writeBooleanField("protected", false);
        g.writeBooleanField("verified", u.verified());
        if (!"none".equals(u.verifiedType())) {
            g.writeStringField("verified_type", u.verifiedType());
        }
        g.writeNumberField("followers_count", u.followers());
        g.writeNumberField("friends_count", u.friends());
        g.writeNumberField("listed_count", u.listed());
        g.writeNumberField("favourites_count", u.favourites());
        g.writeNumberField("statuses_count", u.statuses());
        g.writeStringField("created_at", "Tue Jun 02 20:12:29 +0000 2009");
        g.writeNullField("utc_offset");
        g.writeNullField("time_zone");
        g.writeBooleanField("geo_enabled", true);
        g.writeNullField("lang");
        g.writeBooleanField("contributors_enabled", false);
        g.writeBooleanField("is_translator", false);
        g.writeStringField("profile_background_color", "C0DEED");
        g.writeStringField("profile_background_image_url", "http://abs.twimg.com/images/themes/theme1/bg.png");
        g.writeStringField("profile_background_image_url_https", "https://abs.twimg.com/images/themes/theme1/bg.png");
        g.writeBooleanField("profile_background_tile", false);
        g.writeStringField("profile_link_color", "1DA1F2");
        g.writeStringField("profile_sidebar_border_color", "C0DEED");
        g.writeStringField("profile_sidebar_fill_color", "DDEEF6");
        g.writeStringField("profile_text_color", "333333");
        g.writeBooleanField("profile_use_background_image", true);
        g.writeStringField("profile_image_url", "http://pbs.twimg.com/profile_images/" + u.userId() + "/avatar_normal.jpg");
        g.writeStringField("profile_image_url_https", "https://pbs.twimg.com/profile_images/" + u.userId() + "/avatar_normal.jpg");
        g.writeStringField("profile_banner_url", "https://pbs.twimg.com/profile_banners/" + u.userId() + "/1600000000");
        g.writeBooleanField("default_profile", true);
        g.writeBooleanField("default_profile_image", false);
        g.writeNullField("following");
        g.writeNullField("follow_request_sent");
        g.writeNullField("notifications");
        g.writeArrayFieldStart("withheld_in_countries");
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A v1.1 entities object of the entities in the first {@code chars} chars of {@code text}, each with its indices. */
    private void v1Entities(JsonGenerator g, String text, int chars) throws IOException {
        List<Entity> entities = entitiesIn(text, chars);
        g.writeStartObject();
        g.writeArrayFieldStart("hashtags");
        for (Entity e : only(entities, EntityField.HASHTAGS)) {
            g.writeStartObject();
            g.writeStringField("text", e.value());
            v1Indices(g, text, e);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("urls");
        for (Entity e : only(entities, EntityField.URLS)) {
            g.writeStartObject();
            g.writeStringField("url", text.substring(e.start(), e.end()));
            g.writeStringField("expanded_url", e.value());
            g.writeStringField("display_url", e.value().substring("https://".length()));
            v1Indices(g, text, e);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("user_mentions");
        for (Entity e : only(entities, EntityField.MENTIONS)) {
            Profile u = userNamed(e.value());
            g.writeStartObject();
            g.writeStringField("screen_name", e.value());
            if (u != null) {
                g.writeStringField("name", u.name());
                g.writeNumberField("id", Long.parseLong(u.userId()));
                g.writeStringField("id_str", u.userId());
            }
            v1Indices(g, text, e);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("symbols");
        for (Entity e : only(entities, EntityField.CASHTAGS)) {
            g.writeStartObject();
            g.writeStringField("text", e.value());
            v1Indices(g, text, e);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void v1Indices(JsonGenerator g, String text, Entity e) throws IOException {
        g.writeArrayFieldStart("indices");
        g.writeNumber(codePoints(text, e.start()));
        g.writeNumber(codePoints(text, e.end()));
        g.writeEndArray();
    }

    /**
     * data.entities of the v2 rendering, for the first {@code chars} chars of {@code text}: each
     * kind's array only when the text has one (X leaves empty arrays out), nothing when it has none.
     */
    private void v2Entities(JsonGenerator g, String text, int chars) throws IOException {
        List<Entity> entities = entitiesIn(text, chars);
        if (entities.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("entities");
        List<Entity> cashtags = only(entities, EntityField.CASHTAGS);
        if (!cashtags.isEmpty()) {
            g.writeArrayFieldStart("cashtags");
            for (Entity e : cashtags) {
                v2Start(g, text, e);
                g.writeStringField("tag", e.value());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        List<Entity> hashtags = only(entities, EntityField.HASHTAGS);
        if (!hashtags.isEmpty()) {
            g.writeArrayFieldStart("hashtags");
            for (Entity e : hashtags) {
                v2Start(g, text, e);
                g.writeStringField("tag", e.value());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        List<Entity> mentions = only(entities, EntityField.MENTIONS);
        if (!mentions.isEmpty()) {
            g.writeArrayFieldStart("mentions");
            for (Entity e : mentions) {
                Profile u = userNamed(e.value());
                v2Start(g, text, e);
                g.writeStringField("username", e.value());
                if (u != null) {
                    g.writeStringField("id", u.userId());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        List<Entity> urls = only(entities, EntityField.URLS);
        if (!urls.isEmpty()) {
            g.writeArrayFieldStart("urls");
            for (Entity e : urls) {
                v2Start(g, text, e);
                g.writeStringField("url", text.substring(e.start(), e.end()));
                g.writeStringField("expanded_url", e.value());
                g.writeStringField("display_url", e.value().substring("https://".length()));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** Opens a v2 entity object with its start and end. */
    private static void v2Start(JsonGenerator g, String text, Entity e) throws IOException {
        g.writeStartObject();
        g.writeNumberField("start", codePoints(text, e.start()));
        g.writeNumberField("end", codePoints(text, e.end()));
    }

    private static List<Entity> only(List<Entity> entities, EntityField field) {
        return entities.stream().filter(e -> e.field() == field).collect(Collectors.toList());
    }

    /** The post as one line of the v2 filtered stream with twt's expansions and fields. */
    public String v2(Post p) {
        SplittableRandom look = renderingRandom(p);
        return write(g -> {
            boolean longText = p.text().length() > 280;
            Profile author = p.user();
            g.writeStartObject();
            g.writeFieldName("data");
            g.writeStartObject();
            g.writeStringField("id", p.id());
            g.writeStringField("text", longText ? p.text().substring(0, SHOWN_CHARS) + "…" : p.text());
            g.writeStringField("created_at", RecordJson.formatTimestamp(p.createdAt()));
            g.writeStringField("author_id", author.userId());
            g.writeArrayFieldStart("edit_history_tweet_ids");
            g.writeString(p.id());
            g.writeEndArray();
            g.writeObjectFieldStart("public_metrics");
            g.writeNumberField("retweet_count", p.retweets());
            g.writeNumberField("reply_count", p.replies());
            g.writeNumberField("like_count", p.likes());
            g.writeNumberField("quote_count", p.quotes());
            g.writeNumberField("bookmark_count", p.likes() / 3);
            g.writeNumberField("impression_count", p.likes() * 40 + 17);
            g.writeEndObject();
            v2Entities(g, p.text(), longText ? SHOWN_CHARS : p.text().length());
            if (longText) {
                g.writeObjectFieldStart("note_tweet");
                g.writeStringField("text", p.text());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("includes");
            g.writeArrayFieldStart("users");
            if (look.nextInt(4) == 0) {
                // Another user listed first (e.g. a mentioned account): the author must be matched by id.
                Profile other = users[look.nextInt(users.length)];
                if (!other.userId().equals(author.userId())) {
                    v2User(g, other);
                }
            }
            v2User(g, author);
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("matching_rules");
            g.writeStartObject();
            g.writeStringField("id", "1780000000000000001");
            g.writeStringField("tag", "twt");
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void v2User(JsonGenerator g, Profile u) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", u.userId());
        g.writeStringField("name", u.name());
        g.writeStringField("username", u.screenName());
        g.writeBooleanField("verified", u.verified());
        g.writeStringField("verified_type", u.verifiedType());
        g.writeObjectFieldStart("public_metrics");
        g.writeNumberField("followers_count", u.followers());
        g.writeNumberField("following_count", u.friends());
        g.writeNumberField("tweet_count", u.statuses());
        g.writeNumberField("listed_count", u.listed());
        g.writeNumberField("like_count", u.favourites());
        g.writeNumberField("media_count", 3);
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The post as an already-trimmed record (what Firehose delivers). */
    public static String trimmed(Post p) {
        return new RecordJson().toJson(toRecord(p));
    }

    /** The record the trimmer makes of the post's v1.1 rendering: its fields and the entities of its whole text. */
    public static TweetRecord toRecord(Post p) {
        Profile u = p.user();
        return new TweetRecord(p.id(), p.createdAt(), u.screenName(), u.name(), u.favourites(), u.followers(),
                u.friends(), u.listed(), u.statuses(), u.verified(), u.verifiedType(), p.text(), p.likes(), p.quotes(),
                p.replies(), p.retweets(), u.userId(), entities(p.text(), p.text().length()));
    }

    // ---- sample files -----------------------------------------------------------------------

    /** What {@link #write} writes: mixed is {@link #sampleStream}; v1, v2 and trimmed are clean posts in one format. */
    public static final List<String> FORMATS = List.of("mixed", "v1", "v2", "trimmed");

    /**
     * Writes {@code posts} posts in {@code format} (one of {@link #FORMATS}) to {@code out}, one line
     * each, gzip when its name ends in .gz, creating its directory.
     */
    public void write(Path out, int posts, String format) throws IOException {
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("unknown format '" + format + "': expected mixed, v1, v2 or trimmed");
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream file = Files.newOutputStream(out);
                Writer w = new BufferedWriter(new OutputStreamWriter(
                        out.toString().endsWith(".gz") ? new GZIPOutputStream(file, 1 << 16) : file, StandardCharsets.UTF_8), 1 << 16)) {
            if ("mixed".equals(format)) {
                for (String line : sampleStream(posts)) {
                    w.write(line);
                    w.write('\n');
                }
            } else {
                // One post at a time: a large file of clean posts is never held in memory.
                for (int i = 0; i < posts; i++) {
                    Post p = next();
                    w.write(switch (format) {
                        case "v1" -> v1(p);
                        case "v2" -> v2(p);
                        default -> trimmed(p);
                    });
                    w.write('\n');
                }
            }
        }
    }

    // ---- the bundled sample ---------------------------------------------------------------

    /**
     * A sample stream of about {@code posts} distinct posts in both formats, with re-deliveries
     * (counters grown), late posts (held back, then sent), control messages, keep-alives, and a few
     * bad lines of each kind: the lines of {@code events/sample-stream.ndjson}.
     */
    public List<String> sampleStream(int posts) {
        List<String> lines = new ArrayList<>();
        List<Post> sent = new ArrayList<>();
        List<Post> heldBack = new ArrayList<>();
        for (int i = 0; i < posts; i++) {
            Post p = next();
            if (rnd.nextInt(20) == 0) {
                heldBack.add(p);
            } else {
                lines.add(rnd.nextInt(5) < 3 ? v2(p) : v1(p));
                sent.add(p);
            }
            if (!heldBack.isEmpty() && rnd.nextInt(15) == 0) {
                Post late = heldBack.remove(0);
                lines.add(rnd.nextBoolean() ? v2(late) : v1(late));
                sent.add(late);
            }
            if (rnd.nextInt(10) == 0 && !sent.isEmpty()) {
                Post earlier = sent.get(rnd.nextInt(sent.size()));
                Post again = earlier.seenAgain(currentProfileOf(earlier), rnd);
                lines.add(rnd.nextBoolean() ? v2(again) : v1(again));
            }
            if (rnd.nextInt(25) == 0) {
                lines.add("");
            }
            if (rnd.nextInt(30) == 0) {
                lines.add(control(sent));
            }
            if (rnd.nextInt(40) == 0 && !sent.isEmpty()) {
                // The exact same line twice (a reconnect replays what was already delivered).
                lines.add(lines.get(lines.size() - 1));
            }
        }
        for (Post late : heldBack) {
            lines.add(v1(late));
        }
        addBadLines(lines, sent);
        return lines;
    }

    private String control(List<Post> sent) {
        switch (rnd.nextInt(4)) {
            case 0: {
                Post p = sent.isEmpty() ? next() : sent.get(rnd.nextInt(sent.size()));
                return "{\"delete\":{\"status\":{\"id\":" + p.id() + ",\"id_str\":\"" + p.id() + "\",\"user_id\":"
                        + p.user().userId() + ",\"user_id_str\":\"" + p.user().userId() + "\"},\"timestamp_ms\":\""
                        + (p.createdAt().toEpochMilli() + 60_000) + "\"}}";
            }
            case 1:
                return "{\"limit\":{\"track\":" + rnd.nextInt(1, 200) + ",\"timestamp_ms\":\"" + clock.toEpochMilli() + "\"}}";
            case 2:
                return "{\"warning\":{\"code\":\"FALLING_BEHIND\",\"message\":\"Your connection is falling behind and messages are being queued for delivery to you.\",\"percent_full\":60}}";
            default:
                return "{\"errors\":[{\"title\":\"operational-disconnect\",\"disconnect_type\":\"UpstreamOperationalDisconnect\","
                        + "\"detail\":\"This stream has been disconnected upstream for operational reasons.\","
                        + "\"type\":\"https://api.twitter.com/2/problems/operational-disconnect\"}]}";
        }
    }

    /** Lines the trimmer rejects, and trimmed records the validator quarantines. */
    private void addBadLines(List<String> lines, List<Post> sent) {
        Post p = sent.get(0);
        String good = trimmed(p);
        insertAtRandom(lines, "this is not JSON at all");
        insertAtRandom(lines, v2(p).substring(0, 120));
        insertAtRandom(lines, "{\"data\":{\"id\":\"1234567890123456789\",\"text\":\"no includes\",\"created_at\":\"2026-03-01T12:00:00.000Z\",\"author_id\":\"42\"}}");
        insertAtRandom(lines, "[\"an\",\"array\"]");
        insertAtRandom(lines, good.replace("\"tweet_retweet_count\":" + p.retweets(), "\"tweet_retweet_count\":-1"));
        insertAtRandom(lines, good.replace("\"id\":\"" + p.id() + "\"", "\"id\":\"12ab\""));
        insertAtRandom(lines, good.replace("\"screenname\":\"" + p.user().screenName() + "\"", "\"screenname\":\"\""));
        insertAtRandom(lines, good.replace("\"verified\":" + p.user().verified(), "\"verified\":\"yes\""));
        insertAtRandom(lines, good.replace(",\"text\":", ",\"body\":"));
    }

    private void insertAtRandom(List<String> lines, String line) {
        lines.add(rnd.nextInt(lines.size() + 1), line);
    }

    // ---- JSON plumbing ----------------------------------------------------------------------

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private String write(Body body) {
        StringWriter w = new StringWriter(4096);
        try (JsonGenerator g = json.createGenerator(w)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
