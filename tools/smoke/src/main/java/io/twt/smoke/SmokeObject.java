package io.twt.smoke;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The sample raw object: gzip NDJSON as Firehose writes it, with {@link #VALID_RECORDS} records that
 * pass the record rules and one whose id is not digits. The records are synthetic (screen name
 * {@code twt_smoke}, tweet ids 1 to 3, a fixed date) so that, should Snowpipe load them before the
 * clean-up, every run merges the same rows. Keys follow the Validate function's
 * (ValidateSettings): {@code raw/<relative>} gives {@code validated/<relative>} and
 * {@code quarantine/<relative>.jsonl.gz}.
 */
public record SmokeObject(String rawKey, String validatedKey, String quarantineKey, byte[] content) {

    public static final String RAW_PREFIX = "raw/";
    static final int VALID_RECORDS = 3;
    static final String INVALID_REASON = "invalid_id";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Under raw/smoke/<time>/, with {@code suffix} (random) keeping two runs in the same second apart. */
    static SmokeObject at(Instant now, String suffix) {
        String relative = "smoke/" + STAMP.format(now) + "/twt-smoke-" + suffix + ".ndjson.gz";
        return new SmokeObject(RAW_PREFIX + relative, "validated/" + relative, "quarantine/" + relative + ".jsonl.gz", gzip(lines()));
    }

    static List<String> lines() {
        return List.of(
                record("\"1\"", "smoke test: a valid record"),
                record("\"2\"", "smoke test: another valid record"),
                record("\"3\"", "smoke test: a third valid record"),
                record("\"not-digits\"", "smoke test: quarantined, its id is not digits"));
    }

    private static String record(String id, String text) {
        return "{\"id\":" + id + ",\"created_at\":\"2026-01-01T00:00:00.000Z\",\"screenname\":\"twt_smoke\",\"username\":\"twt smoke test\","
                + "\"user_favourites_count\":0,\"user_followers_count\":0,\"user_friends_count\":0,\"user_listed_count\":0,"
                + "\"user_statuses_count\":0,\"verified\":false,\"verified_type\":\"none\",\"text\":\"" + text + "\","
                + "\"tweet_favorite_count\":0,\"tweet_quote_count\":0,\"tweet_reply_count\":0,\"tweet_retweet_count\":0}";
    }

    private static byte[] gzip(List<String> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
