package io.twt.core.trim;

import static io.twt.core.record.TestJson.object;
import static io.twt.core.record.TestJson.quote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builders for small but well-formed X payloads, one JSON line each. Values are raw JSON so that
 * tests can put any type (or garbage) anywhere.
 */
final class Payloads {

    private Payloads() {
    }

    /** A v1.1 status: top-level keys plus the nested {@code user} object. */
    static final class V1 {
        final Map<String, String> top = new LinkedHashMap<>();
        final Map<String, String> user = new LinkedHashMap<>();

        V1() {
            top.put("created_at", quote("Sun Mar 01 12:00:09 +0000 2026"));
            top.put("id", "1896215732465139712");
            top.put("id_str", quote("1896215732465139712"));
            top.put("text", quote("hello world"));
            top.put("truncated", "false");
            user.put("id", "2244994945");
            user.put("id_str", quote("2244994945"));
            user.put("name", quote("Maria"));
            user.put("screen_name", quote("maria_launches"));
            user.put("followers_count", "311");
            user.put("friends_count", "540");
            user.put("listed_count", "3");
            user.put("favourites_count", "9021");
            user.put("statuses_count", "4410");
            user.put("verified", "false");
            top.put("quote_count", "1");
            top.put("reply_count", "2");
            top.put("retweet_count", "3");
            top.put("favorite_count", "4");
            top.put("lang", quote("en"));
        }

        V1 with(String key, String rawJson) {
            top.put(key, rawJson);
            return this;
        }

        V1 without(String... keys) {
            for (String k : keys) {
                top.remove(k);
            }
            return this;
        }

        V1 user(String key, String rawJson) {
            user.put(key, rawJson);
            return this;
        }

        V1 withoutUser(String... keys) {
            for (String k : keys) {
                user.remove(k);
            }
            return this;
        }

        String line() {
            Map<String, String> all = new LinkedHashMap<>(top);
            if (!all.containsKey("user") && user != null) {
                all.put("user", object(user));
            }
            return object(all);
        }

        /** The line without any {@code user} key at all. */
        String lineWithoutUser() {
            return object(top);
        }
    }

    /** A v2 filtered-stream line: data, includes.users (in order) and matching_rules. */
    static final class V2 {
        final Map<String, String> data = new LinkedHashMap<>();
        final Map<String, String> dataMetrics = new LinkedHashMap<>();
        final List<Map<String, String>> users = new ArrayList<>();
        final Map<String, String> authorUser = user("1349149096909668363", "spacedesk_jose", "Space Desk");
        boolean includesFirst;
        /** The line's matching_rules, or null to leave the key out. */
        String rules = "[{\"id\":\"1896000000000000001\",\"tag\":\"artemis\"}]";

        V2() {
            data.put("id", quote("1896215732465139712"));
            data.put("edit_history_tweet_ids", "[" + quote("1896215732465139712") + "]");
            data.put("created_at", quote("2026-03-01T12:00:09.000Z"));
            data.put("author_id", quote("1349149096909668363"));
            data.put("text", quote("hello v2"));
            dataMetrics.put("retweet_count", "56");
            dataMetrics.put("reply_count", "34");
            dataMetrics.put("like_count", "789");
            dataMetrics.put("quote_count", "12");
            dataMetrics.put("bookmark_count", "41");
            dataMetrics.put("impression_count", "120931");
            users.add(authorUser);
        }

        static Map<String, String> user(String id, String username, String name) {
            Map<String, String> u = new LinkedHashMap<>();
            u.put("id", quote(id));
            u.put("username", quote(username));
            u.put("name", quote(name));
            u.put("verified", "true");
            u.put("verified_type", quote("blue"));
            u.put("public_metrics", "{\"followers_count\":48213,\"following_count\":912,\"tweet_count\":38871,"
                    + "\"listed_count\":733,\"like_count\":120554,\"media_count\":2210}");
            return u;
        }

        V2 data(String key, String rawJson) {
            data.put(key, rawJson);
            return this;
        }

        V2 withoutData(String... keys) {
            for (String k : keys) {
                data.remove(k);
            }
            return this;
        }

        V2 metric(String key, String rawJson) {
            dataMetrics.put(key, rawJson);
            return this;
        }

        /** Sets a key of the author's user object. */
        V2 author(String key, String rawJson) {
            authorUser.put(key, rawJson);
            return this;
        }

        V2 withoutAuthorKeys(String... keys) {
            for (String k : keys) {
                authorUser.remove(k);
            }
            return this;
        }

        V2 otherUserFirst(Map<String, String> other) {
            users.add(0, other);
            return this;
        }

        V2 rules(String rawJson) {
            rules = rawJson;
            return this;
        }

        V2 includesFirst() {
            includesFirst = true;
            return this;
        }

        String line() {
            Map<String, String> d = new LinkedHashMap<>(data);
            if (!dataMetrics.isEmpty() && !d.containsKey("public_metrics")) {
                d.put("public_metrics", object(dataMetrics));
            }
            List<String> us = new ArrayList<>();
            for (Map<String, String> u : users) {
                us.add(object(u));
            }
            String includes = "{\"users\":[" + String.join(",", us) + "]}";
            Map<String, String> top = new LinkedHashMap<>();
            if (includesFirst) {
                top.put("includes", includes);
                top.put("data", object(d));
            } else {
                top.put("data", object(d));
                top.put("includes", includes);
            }
            if (rules != null) {
                top.put("matching_rules", rules);
            }
            return object(top);
        }
    }
}
