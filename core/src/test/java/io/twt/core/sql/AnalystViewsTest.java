package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analysts' views (DuckDB's migration 7, the statements of Snowflake's 9) on a small data set
 * written straight into the tables; each expected number is computed here from the same rows.
 */
class AnalystViewsTest {

    record Author(String screenName, long followers, boolean verified) {
    }

    record Post(String id, LocalDateTime createdAt, String author, long retweets, long replies, long likes, long quotes,
            List<String> cashtags) {
        long engagement() {
            return retweets + replies + likes + quotes;
        }
    }

    private static final LocalDateTime T0 = LocalDateTime.of(2026, 3, 1, 22, 15, 0);

    private static final List<Author> AUTHORS = List.of(
            new Author("alice", 1_200, true),
            new Author("bob", 45, false),
            new Author("carol", 9_000_000, true),
            new Author("dave", 0, false));

    private static final List<Post> POSTS = List.of(
            new Post("101", T0, "alice", 3, 1, 10, 0, List.of("TSLA", "AAPL")),
            new Post("102", T0.plusMinutes(20), "bob", 0, 0, 1, 0, List.of("TSLA")),
            new Post("103", T0.plusMinutes(50), "alice", 7, 2, 30, 4, List.of("TSLA")),
            new Post("104", T0.plusHours(2), "carol", 100, 20, 500, 9, List.of("AAPL", "NVDA")),
            new Post("105", T0.plusHours(2).plusMinutes(5), "bob", 1, 0, 0, 0, List.of("NVDA")),
            new Post("106", T0.plusDays(1), "dave", 0, 0, 2, 1, List.of("TSLA")),
            // A post without a cashtag: counted for its author, in no cashtag view.
            new Post("107", T0.plusDays(1).plusMinutes(1), "dave", 5, 5, 5, 5, List.of()));

    private Connection db;

    @BeforeEach
    void migrateAndFill() throws SQLException {
        db = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = db.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
        new MigrationRunner(Dialect.DUCKDB, Migrations.load(Dialect.DUCKDB)).migrate(db, Map.of());
        try (PreparedStatement u = db.prepareStatement("INSERT INTO twt_user VALUES (?, ?, 0, ?, 0, 0, 0, ?, ?, ?, ?, ?)")) {
            for (Author a : AUTHORS) {
                u.setString(1, a.screenName());
                u.setString(2, a.screenName().toUpperCase());
                u.setLong(3, a.followers());
                u.setString(4, Boolean.toString(a.verified()));
                u.setString(5, a.verified() ? "blue" : "none");
                u.setTimestamp(6, Timestamp.valueOf(T0));
                u.setString(7, "u-" + a.screenName());
                u.setString(8, "101");
                u.addBatch();
            }
            u.executeBatch();
        }
        try (PreparedStatement t = db.prepareStatement("INSERT INTO twt_tweet VALUES (?, ?, ?, 'text', ?, ?, ?, ?, NULL, NULL)");
                PreparedStatement e = db.prepareStatement("INSERT INTO twt_tweet_entity VALUES (?, ?, ?, ?, ?)")) {
            for (Post p : POSTS) {
                t.setString(1, p.id());
                t.setTimestamp(2, Timestamp.valueOf(p.createdAt()));
                t.setString(3, p.author());
                t.setLong(4, p.likes());
                t.setLong(5, p.quotes());
                t.setLong(6, p.replies());
                t.setLong(7, p.retweets());
                t.addBatch();
                for (String tag : p.cashtags()) {
                    entity(e, p, "cashtag", tag);
                }
                // Other kinds of entity never count as cashtags.
                entity(e, p, "hashtag", "stocks");
                entity(e, p, "mention", "bob");
            }
            t.executeBatch();
            e.executeBatch();
        }
    }

    private static void entity(PreparedStatement e, Post p, String kind, String value) throws SQLException {
        e.setString(1, p.id());
        e.setString(2, kind);
        e.setString(3, value);
        e.setTimestamp(4, Timestamp.valueOf(p.createdAt()));
        e.setString(5, p.author());
        e.addBatch();
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void hourlyCountsPostsAndDistinctAuthorsPerCashtagAndUtcHour() throws SQLException {
        Map<String, List<Object>> expected = new TreeMap<>();
        group(p -> p.createdAt().truncatedTo(ChronoUnit.HOURS).toString()).forEach((key, posts) -> expected.put(key,
                List.of((long) posts.size(), authors(posts))));
        Map<String, List<Object>> actual = new TreeMap<>();
        for (List<Object> row : rows("SELECT cashtag, hour, posts, authors FROM twt_cashtag_hourly")) {
            actual.put(row.get(0) + "@" + ((Timestamp) row.get(1)).toLocalDateTime(), List.of(row.get(2), row.get(3)));
        }
        assertThat(actual).isEqualTo(expected);
        // 22:15 alice and 22:35 bob; alice's 23:05 post is the next hour's.
        assertThat(actual).containsEntry("TSLA@" + T0.truncatedTo(ChronoUnit.HOURS), List.of(2L, 2L));
    }

    @Test
    void dailyAddsTheEngagementOfThePostsThatCarryEachCashtag() throws SQLException {
        Map<String, List<Object>> expected = new TreeMap<>();
        group(p -> p.createdAt().toLocalDate().toString()).forEach((key, posts) -> expected.put(key,
                List.of((long) posts.size(), authors(posts), posts.stream().mapToLong(Post::engagement).sum())));
        Map<String, List<Object>> actual = new TreeMap<>();
        for (List<Object> row : rows("SELECT cashtag, day, posts, authors, engagement FROM twt_cashtag_daily")) {
            actual.put(row.get(0) + "@" + (LocalDate) row.get(1),
                    List.of(row.get(2), row.get(3), ((Number) row.get(4)).longValue()));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.keySet()).contains("TSLA@" + LocalDate.of(2026, 3, 2));
    }

    @Test
    void anEditCountsOnceWithItsOriginalAndAddsItsEngagement() throws SQLException {
        Post original = POSTS.get(0);
        try (Statement s = db.createStatement()) {
            // X gives the edit of 101 a new id; its record names 101 as the original.
            s.execute("INSERT INTO twt_tweet VALUES ('108', TIMESTAMP '" + Timestamp.valueOf(original.createdAt().plusMinutes(3))
                    + "', 'alice', 'text (edited)', 5, 0, 0, 0, NULL, '101')");
            s.execute("INSERT INTO twt_tweet_entity VALUES ('108', 'cashtag', 'TSLA', TIMESTAMP '"
                    + Timestamp.valueOf(original.createdAt().plusMinutes(3)) + "', 'alice')");
        }

        assertThat(rows("SELECT posts, authors FROM twt_cashtag_hourly WHERE cashtag = 'TSLA' AND hour = TIMESTAMP '"
                + Timestamp.valueOf(T0.truncatedTo(ChronoUnit.HOURS)) + "'")).containsExactly(List.of(2L, 2L));
        long tslaFirstDay = POSTS.stream().filter(p -> p.cashtags().contains("TSLA") && p.createdAt().toLocalDate().equals(T0.toLocalDate()))
                .mapToLong(Post::engagement).sum();
        assertThat(rows("SELECT posts, CAST(engagement AS BIGINT) FROM twt_cashtag_daily WHERE cashtag = 'TSLA' AND day = DATE '"
                + T0.toLocalDate() + "'")).containsExactly(List.of(3L, tslaFirstDay + 5));
        assertThat(rows("SELECT posts FROM twt_author WHERE screen_name = 'alice'")).containsExactly(List.of(2L));
    }

    @Test
    void authorsCarryTheirProfilePostCountAndReach() throws SQLException {
        Map<String, List<Object>> expected = new TreeMap<>();
        for (Author a : AUTHORS) {
            long posts = POSTS.stream().filter(p -> p.author().equals(a.screenName())).count();
            expected.put(a.screenName(), List.of(posts, a.followers(), Boolean.toString(a.verified())));
        }
        Map<String, List<Object>> actual = new TreeMap<>();
        for (List<Object> row : rows("SELECT screen_name, posts, reach, verified FROM twt_author")) {
            actual.put((String) row.get(0), List.of(row.get(1), row.get(2), row.get(3)));
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void verifiedShareIsTheVerifiedPartOfEachCashtagsDistinctAuthors() throws SQLException {
        Map<String, Boolean> verified = AUTHORS.stream().collect(Collectors.toMap(Author::screenName, Author::verified));
        Map<String, List<Object>> expected = new TreeMap<>();
        group(p -> "").forEach((key, posts) -> {
            Set<String> authors = posts.stream().map(Post::author).collect(Collectors.toSet());
            long v = authors.stream().filter(verified::get).count();
            expected.put(key.substring(0, key.length() - 1), List.of((long) authors.size(), v, (double) v / authors.size()));
        });
        Map<String, List<Object>> actual = new TreeMap<>();
        for (List<Object> row : rows("SELECT cashtag, authors, verified_authors, share FROM twt_cashtag_verified_share")) {
            actual.put((String) row.get(0), List.of(row.get(1), row.get(2), row.get(3)));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.get("NVDA")).containsExactly(2L, 1L, 0.5);
    }

    /** The posts of each cashtag, keyed "CASHTAG@" + what {@code bucket} makes of the post. */
    private static Map<String, List<Post>> group(java.util.function.Function<Post, String> bucket) {
        Map<String, List<Post>> out = new TreeMap<>();
        for (Post p : POSTS) {
            for (String tag : p.cashtags()) {
                out.computeIfAbsent(tag + "@" + bucket.apply(p), k -> new ArrayList<>()).add(p);
            }
        }
        return out;
    }

    private static long authors(List<Post> posts) {
        return new HashSet<>(posts.stream().map(Post::author).collect(Collectors.toList())).size();
    }

    private List<List<Object>> rows(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
