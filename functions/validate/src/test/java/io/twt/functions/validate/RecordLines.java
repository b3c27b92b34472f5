package io.twt.functions.validate;

import io.twt.core.record.RecordJson;
import io.twt.core.record.TweetRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Lines of raw objects for the tests: valid trimmed records, and records with one thing wrong. */
final class RecordLines {

    private static final RecordJson JSON = new RecordJson();

    private RecordLines() {
    }

    /** A valid trimmed record, different for each {@code n}, with non-ASCII text. */
    static String valid(int n) {
        return JSON.toJson(new TweetRecord(String.valueOf(1896215732465139712L + n), Instant.parse("2026-03-01T12:00:09Z").plusSeconds(n),
                "user_" + (n % 7), "User " + n + " \u00b7 Jos\u00e9", 120, 48213, 912, 733, 38871, n % 2 == 0, "blue",
                "post #" + n + " \u2014 caf\u00e9 \ud83d\ude80", 789, 12, 34, 56, String.valueOf(1349149096909668363L + n % 7)));
    }

    /** {@code count} valid records from {@code first}, each followed by {@code eol}. */
    static String valid(int first, int count, String eol) {
        StringBuilder sb = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            sb.append(valid(i)).append(eol);
        }
        return sb.toString();
    }

    /** A valid record with {@code key} set to the raw JSON {@code value} ({@code null} removes the key). */
    static String with(String key, String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", "\"1896215732465139712\"");
        fields.put("created_at", "\"2026-03-01T12:00:09.000Z\"");
        fields.put("screenname", "\"spacedesk_jose\"");
        fields.put("username", "\"Space Desk\"");
        fields.put("user_favourites_count", "120554");
        fields.put("user_followers_count", "48213");
        fields.put("user_friends_count", "912");
        fields.put("user_listed_count", "733");
        fields.put("user_statuses_count", "38871");
        fields.put("verified", "true");
        fields.put("verified_type", "\"blue\"");
        fields.put("text", "\"Artemis II rollout\"");
        fields.put("tweet_favorite_count", "789");
        fields.put("tweet_quote_count", "12");
        fields.put("tweet_reply_count", "34");
        fields.put("tweet_retweet_count", "56");
        fields.put("user_id", "\"1349149096909668363\"");
        if (value == null) {
            fields.remove(key);
        } else {
            fields.put(key, value);
        }
        return fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",", "{", "}"));
    }
}
