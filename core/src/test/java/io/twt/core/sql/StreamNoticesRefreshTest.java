package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The refresh applies the stream's compliance notices in its transaction, after the merges: a
 * notice removes its post (or user) from every table, logs what it removed, and wins over its post
 * whether the post comes in the same refresh, before it or after it.
 */
class StreamNoticesRefreshTest {

    private Connection duck;
    private long row;

    @BeforeEach
    void open() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        new MigrationRunner(Dialect.DUCKDB, Migrations.load(Dialect.DUCKDB)).migrate(duck, Map.of());
    }

    @AfterEach
    void close() throws SQLException {
        duck.close();
    }

    private static String post(String id, String userId, String screenname, String createdAt, String extra) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"" + createdAt + "\",\"screenname\":\"" + screenname + "\",\"username\":\"U\","
                + "\"user_favourites_count\":1,\"user_followers_count\":2,\"user_friends_count\":3,\"user_listed_count\":4,"
                + "\"user_statuses_count\":5,\"verified\":false,\"verified_type\":\"none\",\"text\":\"hi $ATOM\",\"tweet_favorite_count\":6,"
                + "\"tweet_quote_count\":7,\"tweet_reply_count\":8,\"tweet_retweet_count\":9,\"user_id\":\"" + userId + "\","
                + "\"cashtags\":[\"ATOM\"]" + extra + "}";
    }

    private static String post(String id, String userId, String screenname) {
        return post(id, userId, screenname, "2026-03-01T12:00:00.000Z", "");
    }

    private void load(String... records) throws SQLException {
        try (Statement s = duck.createStatement()) {
            for (String r : records) {
                row++;
                s.execute("INSERT INTO twt_raw VALUES ('" + r.replace("'", "''") + "', 'validated/f" + row + ".gz', " + row + ", now(), " + row + ")");
            }
        }
    }

    private RefreshResult refresh() throws SQLException {
        return new RefreshRunner(new SqlCatalogue(Dialect.DUCKDB)).run(duck);
    }

    private List<String> column(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    line.append(i > 1 ? " " : "").append(rs.getString(i));
                }
                out.add(line.toString());
            }
        }
        return out;
    }

    private List<String> rawIds() throws SQLException {
        return column("SELECT raw ->> '$.id' FROM twt_raw WHERE raw ->> '$.notice' IS NULL ORDER BY 1");
    }

    @Test
    void aDeleteNoticeInTheSameRefreshAsItsPostRemovesItEverywhereAndLogsWhatItRemoved() throws SQLException {
        load(post("100", "42", "ada"), post("101", "42", "ada"), "{\"notice\":\"delete\",\"id\":\"100\",\"user_id\":\"42\"}");

        RefreshResult r = refresh();

        assertThat(r.complianceLines()).isEqualTo(1);
        assertThat(column("SELECT id FROM twt_tweet")).containsExactly("101");
        assertThat(column("SELECT tweet_id FROM twt_tweet_entity")).containsExactly("101");
        assertThat(rawIds()).containsExactly("101");
        assertThat(column("SELECT screen_name FROM twt_user")).as("deleting a post keeps its author").containsExactly("ada");
        assertThat(column("SELECT kind, id, action, reason, source, tweets_removed, tweet_entities_removed, raw_removed, users_removed"
                + " FROM twt_compliance_log")).containsExactly("tweet 100 delete deleted stream validated/f3.gz 1 1 1 0");
    }

    @Test
    void aDeleteNoticeThatComesBeforeItsPostStillWinsWhenThePostComesInALaterRefresh() throws SQLException {
        load("{\"notice\":\"delete\",\"id\":\"100\",\"user_id\":\"42\"}");
        refresh();
        assertThat(column("SELECT id, tweets_removed, raw_removed FROM twt_compliance_log")).as("logged though nothing was there yet")
                .containsExactly("100 0 0");

        load(post("100", "42", "ada"), post("101", "42", "ada"));
        RefreshResult r = refresh();

        assertThat(r.complianceLines()).isEqualTo(1);
        assertThat(column("SELECT id FROM twt_tweet")).containsExactly("101");
        assertThat(column("SELECT tweet_id FROM twt_tweet_entity")).containsExactly("101");
        assertThat(rawIds()).containsExactly("101");
        assertThat(column("SELECT id, reason, source, tweets_removed, raw_removed FROM twt_compliance_log ORDER BY applied_at, raw_removed"))
                .containsExactly("100 deleted stream validated/f1.gz 0 0", "100 deleted stream validated/f2.gz 1 1");
    }

    @Test
    void aLaterVersionOfADeletedPostIsRemovedWhenItComes() throws SQLException {
        load("{\"notice\":\"delete\",\"id\":\"100\",\"user_id\":\"42\"}");
        refresh();

        load(post("105", "42", "ada", "2026-03-01T12:05:00.000Z", ",\"original_id\":\"100\""));
        refresh();

        assertThat(column("SELECT id FROM twt_tweet")).isEmpty();
        assertThat(rawIds()).isEmpty();
    }

    @Test
    void aStatusWithheldNoticeRemovesItsPostAsWithheld() throws SQLException {
        load(post("100", "42", "ada"), "{\"notice\":\"status_withheld\",\"id\":\"100\",\"user_id\":\"42\"}");

        refresh();

        assertThat(column("SELECT id FROM twt_tweet")).isEmpty();
        assertThat(column("SELECT kind, id, reason FROM twt_compliance_log")).containsExactly("tweet 100 withheld");
    }

    @Test
    void aUserWithheldNoticeRemovesTheUserAndTheirPostsButKeepsWhatTheyPostAfterIt() throws SQLException {
        load(post("100", "42", "ada"), post("200", "7", "bob"), "{\"notice\":\"user_withheld\",\"user_id\":\"42\"}");
        refresh();

        assertThat(column("SELECT id FROM twt_tweet")).containsExactly("200");
        assertThat(column("SELECT screen_name FROM twt_user")).containsExactly("bob");
        assertThat(column("SELECT kind, id, reason, tweets_removed, users_removed FROM twt_compliance_log")).containsExactly("user 42 withheld 1 1");

        // A post of the user created before the notice, delivered late, is removed; one created after it is the user back on X.
        load(post("101", "42", "ada", "2026-03-01T12:01:00.000Z", ""), post("102", "42", "ada", "2999-01-01T00:00:00.000Z", ""));
        refresh();

        assertThat(column("SELECT id FROM twt_tweet ORDER BY id")).containsExactly("102", "200");
        assertThat(rawIds()).containsExactly("102", "200");
    }

    @Test
    void theSameNoticeDeliveredAgainRemovesNothingAndLogsNothing() throws SQLException {
        load(post("100", "42", "ada"), "{\"notice\":\"delete\",\"id\":\"100\",\"user_id\":\"42\"}");
        refresh();
        load("{\"notice\":\"delete\",\"id\":\"100\",\"user_id\":\"42\"}");

        RefreshResult again = refresh();

        assertThat(again.complianceLines()).isEqualTo(1);
        assertThat(column("SELECT COUNT(*) FROM twt_compliance_log")).containsExactly("1");
    }

    @Test
    void aRejectedCopyOfADeletedPostLeavesTwtRawRejectedToo() throws SQLException {
        load(post("100", "42", "ada", "2026-03-01T12:00:00.000Z", ",\"tweet_retweet_count\":-1").replace(",\"tweet_retweet_count\":9", ""),
                "{\"notice\":\"delete\",\"id\":\"100\",\"user_id\":\"42\"}");

        RefreshResult r = refresh();

        assertThat(r.rejectedRows()).isEqualTo(1);
        assertThat(column("SELECT COUNT(*) FROM twt_raw_rejected")).containsExactly("0");
        assertThat(column("SELECT raw_rejected_removed FROM twt_compliance_log")).containsExactly("1");
    }

    @Test
    void aNoticeTheRulesRefuseIsRejectedWithItsReasonAndFieldAndRemovesNothing() throws SQLException {
        load(post("100", "42", "ada"),
                "{\"notice\":\"undelete\",\"id\":\"100\",\"user_id\":\"42\"}",
                "{\"notice\":\"delete\",\"user_id\":\"42\"}",
                "{\"notice\":\"delete\",\"id\":\"1e5\",\"user_id\":\"42\"}",
                "{\"notice\":\"user_withheld\"}",
                "{\"notice\":\"status_withheld\",\"id\":\"100\",\"user_id\":42.5}",
                "{\"notice\":\"delete\",\"id\":\"100\",\"user_id\":\"42\",\"screenname\":\"ada\"}");

        RefreshResult r = refresh();

        assertThat(r.complianceLines()).isZero();
        assertThat(column("SELECT file_row_number, reason, field FROM twt_raw_rejected ORDER BY file_row_number")).containsExactly(
                "2 invalid_notice notice", "3 missing_field id", "4 invalid_id id", "5 missing_field user_id", "6 invalid_id user_id",
                "7 invalid_notice notice");
        assertThat(column("SELECT id FROM twt_tweet")).containsExactly("100");
    }
}
