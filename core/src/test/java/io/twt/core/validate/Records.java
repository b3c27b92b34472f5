package io.twt.core.validate;

import io.twt.core.record.TestJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds trimmed-record lines: a valid record, then one change at a time. Values are raw JSON. */
final class Records {

    private final Map<String, String> values = new LinkedHashMap<>();

    private Records() {
        values.put("id", "\"1896215732465139712\"");
        values.put("created_at", "\"2026-03-01T12:00:09.000Z\"");
        values.put("screenname", "\"spacedesk_jose\"");
        values.put("username", "\"Space Desk \u00b7 Jos\u00e9 \ud83d\ude80\"");
        values.put("user_favourites_count", "120554");
        values.put("user_followers_count", "48213");
        values.put("user_friends_count", "912");
        values.put("user_listed_count", "733");
        values.put("user_statuses_count", "38871");
        values.put("verified", "true");
        values.put("verified_type", "\"blue\"");
        values.put("text", "\"Artemis II rollout \\\"wet dress\\\" \\u2014 updates below \ud83d\udc47\\nline two\"");
        values.put("tweet_favorite_count", "789");
        values.put("tweet_quote_count", "12");
        values.put("tweet_reply_count", "34");
        values.put("tweet_retweet_count", "56");
        values.put("user_id", "\"1349149096909668363\"");
    }

    static Records valid() {
        return new Records();
    }

    /** Sets (or adds, at the end) {@code key} to the raw JSON {@code value}. */
    Records with(String key, String rawJson) {
        values.put(key, rawJson);
        return this;
    }

    Records without(String key) {
        values.remove(key);
        return this;
    }

    String line() {
        return TestJson.object(values);
    }

    /** The same record with its keys written in {@code order} (keys not listed are dropped). */
    String line(List<String> order) {
        Map<String, String> reordered = new LinkedHashMap<>();
        for (String key : order) {
            reordered.put(key, values.get(key));
        }
        return TestJson.object(reordered);
    }

    @Override
    public String toString() {
        return line();
    }
}
