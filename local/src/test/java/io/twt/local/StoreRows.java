package io.twt.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The local tables' rows in the shapes of core's {@code ReferenceTables}, to compare with them. */
final class StoreRows {

    private StoreRows() {
    }

    static Map<String, List<String>> tweets(LocalStore store) throws Exception {
        return keyed(store.rows("SELECT id, strftime(created_at, '%Y-%m-%d %H:%M:%S'), user_screen_name, text,"
                + " tweet_favorite_count, tweet_quote_count, tweet_reply_count, tweet_retweet_count, coalesce(user_id, 'null')"
                + " FROM twt_tweet"));
    }

    static Map<String, List<String>> users(LocalStore store) throws Exception {
        return keyed(store.rows("SELECT screen_name, username, user_favourites_count, user_followers_count,"
                + " user_friends_count, user_listed_count, user_statuses_count, verified, verified_type,"
                + " strftime(last_updated, '%Y-%m-%d %H:%M:%S'), coalesce(user_id, 'null'), last_tweet_id FROM twt_user"));
    }

    private static Map<String, List<String>> keyed(List<List<String>> rows) {
        Map<String, List<String>> m = new TreeMap<>();
        for (List<String> row : rows) {
            m.put(row.get(0), new ArrayList<>(row));
        }
        return m;
    }
}
