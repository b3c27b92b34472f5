package io.twt.core.sql;

import io.twt.core.record.TweetRecord;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The defined tables, computed in plain Java from every observation delivered, independent of the
 * SQL: whatever the order, repetition and batching of deliveries, twt_tweet holds one row per id
 * with each counter the greatest seen, and twt_user one row per screen name with the profile of its
 * greatest observation.
 */
public final class ReferenceTables {

    private static final DateTimeFormatter DB_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    /** Which observation of a user is the latest: created_at, then numeric id, then the tie-breakers. */
    private static final Comparator<TweetRecord> OBSERVATION_ORDER = Comparator
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

    /** twt_tweet keyed by id: id, created_at, user_screen_name, text, the 4 counters, user_id. */
    public static Map<String, List<String>> tweets(List<TweetRecord> observations) {
        Map<String, TweetRecord> post = new TreeMap<>();
        Map<String, long[]> greatest = new TreeMap<>();
        for (TweetRecord r : observations) {
            post.putIfAbsent(r.id(), r);
            long[] g = greatest.computeIfAbsent(r.id(), id -> new long[4]);
            g[0] = Math.max(g[0], r.tweetFavoriteCount());
            g[1] = Math.max(g[1], r.tweetQuoteCount());
            g[2] = Math.max(g[2], r.tweetReplyCount());
            g[3] = Math.max(g[3], r.tweetRetweetCount());
        }
        Map<String, List<String>> rows = new TreeMap<>();
        post.forEach((id, r) -> {
            long[] g = greatest.get(id);
            rows.put(id, List.of(id, time(r), r.screenname(), r.text(), Long.toString(g[0]), Long.toString(g[1]),
                    Long.toString(g[2]), Long.toString(g[3]), String.valueOf(r.userId())));
        });
        return rows;
    }

    /** twt_user keyed by screen name, in the table's column order. */
    public static Map<String, List<String>> users(List<TweetRecord> observations) {
        Map<String, TweetRecord> latest = new TreeMap<>();
        for (TweetRecord r : observations) {
            latest.merge(r.screenname(), r, (a, b) -> OBSERVATION_ORDER.compare(a, b) >= 0 ? a : b);
        }
        Map<String, List<String>> rows = new TreeMap<>();
        latest.forEach((name, r) -> rows.put(name, List.of(name, r.username(),
                Long.toString(r.userFavouritesCount()), Long.toString(r.userFollowersCount()),
                Long.toString(r.userFriendsCount()), Long.toString(r.userListedCount()),
                Long.toString(r.userStatusesCount()), Boolean.toString(r.verified()), r.verifiedType(),
                time(r), String.valueOf(r.userId()), r.id())));
        return rows;
    }

    private static String time(TweetRecord r) {
        return DB_TIME.format(LocalDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC));
    }
}
