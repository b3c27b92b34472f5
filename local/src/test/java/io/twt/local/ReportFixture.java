package io.twt.local;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small twt database for the report's tests: rows written straight into twt_user, twt_tweet and twt_tweet_entity. */
final class ReportFixture {

    record Author(String screenName, long followers, boolean verified) {
    }

    record Post(String id, LocalDateTime createdAt, String author, long likes, List<String> cashtags) {
    }

    static final LocalDateTime T0 = LocalDateTime.of(2026, 3, 1, 9, 10, 0);

    final Map<String, Author> authors = new LinkedHashMap<>();
    final List<Post> posts = new ArrayList<>();

    /** Five authors and posts on four cashtags over about a day and a half. */
    static ReportFixture standard() {
        ReportFixture f = new ReportFixture();
        f.author("alice", 1_500, true).author("bob", 20, false).author("carol", 250_000, true).author("dave", 3, false)
                .author("erin", 9_000, false);
        String[] authors = {"alice", "bob", "carol", "dave", "erin"};
        String[][] tags = {{"TSLA"}, {"TSLA", "AAPL"}, {"NVDA"}, {"AAPL"}, {"TSLA"}, {"GME"}, {}};
        for (int i = 0; i < 40; i++) {
            f.post(T0.plusMinutes(47L * i), authors[(i * 3) % authors.length], i % 9, tags[i % tags.length]);
        }
        return f;
    }

    ReportFixture author(String screenName, long followers, boolean verified) {
        authors.put(screenName, new Author(screenName, followers, verified));
        return this;
    }

    ReportFixture post(LocalDateTime at, String author, long likes, String... cashtags) {
        posts.add(new Post(Long.toString(1000 + posts.size()), at, author, likes, List.of(cashtags)));
        return this;
    }

    /** Creates the database at {@code db} (migrated as `twt local` does) with these rows. */
    Path write(Path db) throws SQLException {
        try (LocalStore store = LocalStore.open(db)) {
            Connection c = store.connection();
            try (PreparedStatement u = c.prepareStatement("INSERT INTO twt_user VALUES (?, ?, 0, ?, 0, 0, 0, ?, 'none', ?, NULL, '0')")) {
                for (Author a : authors.values()) {
                    u.setString(1, a.screenName());
                    u.setString(2, a.screenName());
                    u.setLong(3, a.followers());
                    u.setString(4, Boolean.toString(a.verified()));
                    u.setObject(5, T0);
                    u.executeUpdate();
                }
            }
            try (PreparedStatement t = c.prepareStatement("INSERT INTO twt_tweet VALUES (?, ?, ?, 'text', ?, 1, 2, 3, NULL, NULL)");
                    PreparedStatement e = c.prepareStatement("INSERT INTO twt_tweet_entity VALUES (?, 'cashtag', ?, ?, ?)")) {
                for (Post p : posts) {
                    t.setString(1, p.id());
                    t.setObject(2, p.createdAt());
                    t.setString(3, p.author());
                    t.setLong(4, p.likes());
                    t.executeUpdate();
                    for (String tag : p.cashtags()) {
                        e.setString(1, p.id());
                        e.setString(2, tag);
                        e.setObject(3, p.createdAt());
                        e.setString(4, p.author());
                        e.executeUpdate();
                    }
                }
            }
        }
        return db;
    }
}
