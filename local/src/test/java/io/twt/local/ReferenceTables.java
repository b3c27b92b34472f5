package io.twt.local;

import io.twt.core.record.TweetRecord;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table semantics, computed in plain Java from every observation, independent of the SQL:
 * what twt_tweet and twt_user must hold whatever the order and repetition of deliveries.
 */
final class ReferenceTables {

    private static final DateTimeFormatter DB_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    /** The defined order of observations of one user (greatest wins), tie-breakers included. */
    static final Comparator<TweetRecord> OBSERVATION_ORDER = Comparator
            .comparing(TweetRecord::createdAt)
            .thenComparing(r -> new BigInteger(r.id()))
            .thenComparingLong(TweetRecord::userStatusesCount)
            .thenComparingLong(TweetRecord::userFollowersCount)
            .thenComparingLong(TweetRecord::userFavouritesCount)
            .thenComparingLong(TweetRecord::userFriendsCount)
            .thenComparingLong(TweetRecord::userListedCount)
            .thenComparing(TweetRecord::username)
            .thenComparing(TweetRecord::verifiedType)
            .thenComparing(r -> Boolean.toString(r.verified()));

    private ReferenceTables() {
    }

    /** twt_tweet rows keyed by id: id, created_at, user_screen_name, text, 4 counters, user_id. */
    static Map<String, List<String>> tweets(List<TweetRecord> observations) {
        Map<String, TweetRecord> first = new TreeMap<>();
        Map<String, long[]> max = new TreeMap<>();
        for (TweetRecord r : observations) {
            first.putIfAbsent(r.id(), r);
            long[] m = max.computeIfAbsent(r.id(), k -> new long[4]);
            m[0] = Math.max(m[0], r.tweetFavoriteCount());
            m[1] = Math.max(m[1], r.tweetQuoteCount());
            m[2] = Math.max(m[2], r.tweetReplyCount());
            m[3] = Math.max(m[3], r.tweetRetweetCount());
        }
        Map<String, List<String>> rows = new TreeMap<>();
        first.forEach((id, r) -> {
            long[] m = max.get(id);
            rows.put(id, List.of(id, time(r), r.screenname(), r.text(),
                    String.valueOf(m[0]), String.valueOf(m[1]), String.valueOf(m[2]), String.valueOf(m[3]), String.valueOf(r.userId())));
        });
        return rows;
    }

    /** twt_user rows keyed by screen_name, in the table's column order. */
    static Map<String, List<String>> users(List<TweetRecord> observations) {
        Map<String, TweetRecord> latest = new TreeMap<>();
        for (TweetRecord r : observations) {
            latest.merge(r.screenname(), r, (a, b) -> OBSERVATION_ORDER.compare(a, b) >= 0 ? a : b);
        }
        Map<String, List<String>> rows = new TreeMap<>();
        latest.forEach((name, r) -> rows.put(name, List.of(name, r.username(),
                String.valueOf(r.userFavouritesCount()), String.valueOf(r.userFollowersCount()),
                String.valueOf(r.userFriendsCount()), String.valueOf(r.userListedCount()),
                String.valueOf(r.userStatusesCount()), Boolean.toString(r.verified()), r.verifiedType(),
                time(r), String.valueOf(r.userId()), r.id())));
        return rows;
    }

    private static String time(TweetRecord r) {
        return DB_TIME.format(LocalDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC));
    }

    /** The database's rows in the same shapes. */
    static Map<String, List<String>> dbTweets(LocalStore store) throws Exception {
        return keyed(store.rows("SELECT id, strftime(created_at, '%Y-%m-%d %H:%M:%S'), user_screen_name, text,"
                + " tweet_favorite_count, tweet_quote_count, tweet_reply_count, tweet_retweet_count, coalesce(user_id, 'null')"
                + " FROM twt_tweet"));
    }

    static Map<String, List<String>> dbUsers(LocalStore store) throws Exception {
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
