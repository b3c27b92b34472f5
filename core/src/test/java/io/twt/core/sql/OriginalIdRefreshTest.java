package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The refresh keeps an edit's original_id in twt_tweet, so that analysts count a post once over its edits. */
class OriginalIdRefreshTest {

    private Connection duck;

    @BeforeEach
    void open() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        new MigrationRunner(Dialect.DUCKDB, Migrations.load(Dialect.DUCKDB)).migrate(duck, Map.of());
    }

    @AfterEach
    void close() throws SQLException {
        duck.close();
    }

    private void load(long row, String id, String originalIdJson) throws SQLException {
        try (Statement s = duck.createStatement()) {
            s.execute("INSERT INTO twt_raw VALUES ('{\"id\":\"" + id + "\",\"created_at\":\"2026-03-01T12:00:00.000Z\","
                    + "\"screenname\":\"ada\",\"username\":\"Ada\",\"user_favourites_count\":1,\"user_followers_count\":2,"
                    + "\"user_friends_count\":3,\"user_listed_count\":4,\"user_statuses_count\":5,\"verified\":false,"
                    + "\"verified_type\":\"none\",\"text\":\"hi\",\"tweet_favorite_count\":6,\"tweet_quote_count\":7,"
                    + "\"tweet_reply_count\":8,\"tweet_retweet_count\":9,\"user_id\":\"42\""
                    + (originalIdJson == null ? "" : ",\"original_id\":" + originalIdJson) + "}', 'a.gz', " + row + ", now(), " + row + ")");
        }
    }

    @Test
    void anEditKeepsItsOriginalsIdAndAPostCountsOnceOverItsEdits() throws SQLException {
        load(1, "100", null);
        load(2, "101", "\"100\"");
        load(3, "102", "\"100\"");
        load(4, "200", "null");

        RefreshResult r = new RefreshRunner(new SqlCatalogue(Dialect.DUCKDB)).run(duck);

        assertThat(r.rejectedRows()).isZero();
        Map<String, String> originals = new LinkedHashMap<>();
        try (Statement s = duck.createStatement(); ResultSet rows = s.executeQuery("SELECT id, original_id FROM twt_tweet ORDER BY id")) {
            while (rows.next()) {
                originals.put(rows.getString(1), rows.getString(2));
            }
        }
        assertThat(originals).hasToString("{100=null, 101=100, 102=100, 200=null}");
        try (Statement s = duck.createStatement();
                ResultSet n = s.executeQuery("SELECT COUNT(DISTINCT COALESCE(original_id, id)) FROM twt_tweet")) {
            n.next();
            assertThat(n.getLong(1)).isEqualTo(2);
        }
    }

    @Test
    void anOriginalIdThatIsNotAnIdIsRejectedWithItsFieldAndTheOtherRowsAreMerged() throws SQLException {
        load(1, "100", null);
        load(2, "101", "\"first\"");

        RefreshResult r = new RefreshRunner(new SqlCatalogue(Dialect.DUCKDB)).run(duck);

        assertThat(r.rejectedRows()).isEqualTo(1);
        assertThat(r.tweets().inserted()).isEqualTo(1);
        try (Statement s = duck.createStatement(); ResultSet rows = s.executeQuery("SELECT reason, field FROM twt_raw_rejected")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("invalid_id");
            assertThat(rows.getString(2)).isEqualTo("original_id");
        }
    }
}
