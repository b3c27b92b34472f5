package io.twt.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.sql.Dialect;
import io.twt.core.sql.MigrationRunner;
import io.twt.core.sql.Migrations;
import io.twt.core.sql.RefreshRunner;
import io.twt.core.sql.SqlCatalogue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The compliance SQL on DuckDB: exactly what a result names goes, from every table, once, and each line is logged. */
class ComplianceApplierTest {

    private DuckDBConnection duck;
    private long seq;

    @BeforeEach
    void open() throws SQLException {
        duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
        new MigrationRunner(Dialect.DUCKDB, Migrations.load(Dialect.DUCKDB)).migrate(duck, Map.of());
        load("validated/a.gz", List.of(
                record("101", "ada", "1"),              // 1
                record("102", "ada", "1"),              // 2
                record("103", "bob", "2"),              // 3
                record("104", "cy", null),              // 4: no user_id
                record("105", "cy", "3"),               // 5: cy's profile names user 3
                "not json {",                           // 6: rejected, matches nothing
                record("106", "bob", "2").replace("\"tweet_favorite_count\":6", "\"tweet_favorite_count\":-1"))); // 7: rejected
        new RefreshRunner(new SqlCatalogue(Dialect.DUCKDB)).run(duck);
        // The entities as the refresh will write them (it does not fill twt_tweet_entity yet on this branch).
        try (Statement s = duck.createStatement()) {
            s.execute("INSERT INTO twt_tweet_entity SELECT id, 'hashtag', CASE id WHEN '101' THEN 'one' ELSE 'two' END, created_at,"
                    + " user_screen_name FROM twt_tweet WHERE id IN ('101', '102')");
        }
        assertThat(strings("SELECT id FROM twt_tweet ORDER BY id")).containsExactly("101", "102", "103", "104", "105");
        assertThat(strings("SELECT file_row_number FROM twt_raw_rejected ORDER BY 1")).containsExactly("6", "7");
    }

    @AfterEach
    void close() throws SQLException {
        duck.close();
    }

    @Test
    void aPostsLineRemovesThatPostFromEveryTableAndNothingElse() throws Exception {
        ComplianceApplier.Outcome o = apply(ComplianceKind.TWEETS, "job-1",
                "{\"id\":\"101\",\"action\":\"delete\",\"created_at\":\"2026-03-01T12:00:00.000Z\",\"redacted_at\":\"2026-03-02T08:00:00.000Z\",\"reason\":\"deleted\"}",
                "{\"id\":\"106\",\"action\":\"delete\",\"created_at\":\"2026-03-01T12:00:00.000Z\",\"reason\":\"protected\"}",
                "{\"id\":\"999\",\"action\":\"delete\",\"created_at\":\"2026-03-01T12:00:00.000Z\",\"reason\":\"deleted\"}");

        assertThat(strings("SELECT id FROM twt_tweet ORDER BY id")).containsExactly("102", "103", "104", "105");
        assertThat(strings("SELECT tweet_id || ' ' || value FROM twt_tweet_entity ORDER BY 1")).containsExactly("102 two");
        assertThat(strings("SELECT file_row_number FROM twt_raw ORDER BY 1")).containsExactly("2", "3", "4", "5", "6");
        assertThat(strings("SELECT file_row_number FROM twt_raw_rejected ORDER BY 1")).containsExactly("6");
        assertThat(strings("SELECT screen_name FROM twt_user ORDER BY 1")).containsExactly("ada", "bob", "cy");
        assertThat(o.removed()).containsExactly(Map.entry("twt_raw_rejected", 1L), Map.entry("twt_raw", 2L),
                Map.entry("twt_tweet_entity", 1L), Map.entry("twt_tweet", 1L), Map.entry("twt_user", 0L));
        assertThat(o.postIds()).containsExactlyInAnyOrder("101", "106", "999");
        assertThat(log()).containsExactly(
                "tweet 101 delete deleted 2026-03-01 12:00:00 2026-03-02 08:00:00 job-1 1 1 1 0 0",
                "tweet 106 delete protected 2026-03-01 12:00:00 null job-1 0 0 1 1 0",
                "tweet 999 delete deleted 2026-03-01 12:00:00 null job-1 0 0 0 0 0");
        assertThat(o.logged()).isEqualTo(3);
    }

    @Test
    void aUsersLineRemovesTheUserAndEveryPostOfTheUserIncludingThoseWithoutAUserId() throws Exception {
        ComplianceApplier.Outcome o = apply(ComplianceKind.USERS, "users.json",
                "{\"id\":\"3\",\"action\":\"delete\",\"created_at\":\"2020-01-01T00:00:00.000Z\",\"reason\":\"suspended\"}",
                "{\"id\":\"2\",\"action\":\"delete\",\"created_at\":\"2020-01-01T00:00:00.000Z\",\"reason\":\"deactivated\"}");

        assertThat(strings("SELECT id FROM twt_tweet ORDER BY id")).containsExactly("101", "102");
        assertThat(strings("SELECT screen_name FROM twt_user ORDER BY 1")).containsExactly("ada");
        assertThat(strings("SELECT file_row_number FROM twt_raw ORDER BY 1")).containsExactly("1", "2", "6");
        assertThat(strings("SELECT file_row_number FROM twt_raw_rejected ORDER BY 1")).containsExactly("6");
        assertThat(o.postIds()).containsExactlyInAnyOrder("103", "104", "105", "106");
        assertThat(o.userIds()).containsExactly("3", "2");
        assertThat(o.screenNames()).containsExactlyInAnyOrder("bob", "cy");
        assertThat(log()).containsExactly(
                "user 2 delete deactivated 2020-01-01 00:00:00 null users.json 1 0 2 1 1",
                "user 3 delete suspended 2020-01-01 00:00:00 null users.json 2 0 2 0 1");
    }

    @Test
    void aDeletedVersionOfAnEditedPostRemovesEveryVersionOfIt() throws Exception {
        // 201 was edited into 202 and then 203; 204 is another post; 205 is 203's newest edit, loaded but not merged yet.
        load("validated/b.gz", List.of(record("201", "ada", "1"), edit(record("202", "ada", "1"), "201"), edit(record("203", "ada", "1"), "201"),
                record("204", "ada", "1")));
        new RefreshRunner(new SqlCatalogue(Dialect.DUCKDB)).run(duck);
        load("validated/c.gz", List.of(edit(record("205", "ada", "1"), "201")));

        ComplianceApplier.Outcome o = apply(ComplianceKind.TWEETS, "job-2",
                "{\"id\":\"202\",\"action\":\"delete\",\"created_at\":\"2026-03-01T12:00:00.000Z\",\"reason\":\"deleted\"}");

        assertThat(o.postIds()).containsExactlyInAnyOrder("201", "202", "203", "205");
        assertThat(strings("SELECT id FROM twt_tweet WHERE id LIKE '2%' ORDER BY id")).containsExactly("204");
        assertThat(strings("SELECT json_extract_string(raw, '$.id') FROM twt_raw WHERE file_name <> 'validated/a.gz' ORDER BY 1"))
                .containsExactly("204");
        assertThat(log()).contains("tweet 202 delete deleted 2026-03-01 12:00:00 null job-2 3 0 4 0 0");
    }

    private static String edit(String record, String originalId) {
        return record.substring(0, record.length() - 1) + ",\"original_id\":\"" + originalId + "\"}";
    }

    @Test
    void applyingTheSameResultAgainRemovesNothingAndLogsNothing() throws Exception {
        String[] lines = {
                "{\"id\":\"103\",\"action\":\"delete\",\"created_at\":\"2026-03-01T12:00:00.000Z\",\"reason\":\"deleted\"}",
                "{\"id\":\"998\",\"action\":\"delete\",\"created_at\":\"2026-03-01T12:00:00.000Z\",\"reason\":\"deleted\"}"};
        apply(ComplianceKind.TWEETS, "job-1", lines);
        List<String> tweets = strings("SELECT id FROM twt_tweet ORDER BY id");
        List<String> log = log();

        ComplianceApplier.Outcome again = apply(ComplianceKind.TWEETS, "job-1", lines);

        assertThat(again.removed().values()).containsOnly(0L);
        assertThat(again.logged()).isZero();
        assertThat(strings("SELECT id FROM twt_tweet ORDER BY id")).isEqualTo(tweets);
        assertThat(log()).isEqualTo(log).hasSize(2);
    }

    private ComplianceApplier.Outcome apply(ComplianceKind kind, String source, String... lines) throws Exception {
        ComplianceResult result = new ComplianceResultReader(kind).read(source,
                new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
        assertThat(result.problems()).isEmpty();
        return new ComplianceApplier(Dialect.DUCKDB).apply(duck, result);
    }

    private List<String> log() throws SQLException {
        return strings("SELECT kind || ' ' || id || ' ' || action || ' ' || reason || ' ' || strftime(created_at, '%Y-%m-%d %H:%M:%S') || ' '"
                + " || COALESCE(strftime(redacted_at, '%Y-%m-%d %H:%M:%S'), 'null') || ' ' || source || ' ' || tweets_removed || ' '"
                + " || tweet_entities_removed || ' ' || raw_removed || ' ' || raw_rejected_removed || ' ' || users_removed"
                + " FROM twt_compliance_log ORDER BY kind, id");
    }

    /** A trimmed record; {@code userId} null for none. */
    private static String record(String id, String screenname, String userId) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-03-01T12:00:0" + id.charAt(2) + ".000Z\",\"screenname\":\"" + screenname
                + "\",\"username\":\"U\",\"user_favourites_count\":1,\"user_followers_count\":2,\"user_friends_count\":3,"
                + "\"user_listed_count\":4,\"user_statuses_count\":5,\"verified\":false,\"verified_type\":\"none\","
                + "\"text\":\"hi\",\"tweet_favorite_count\":6,\"tweet_quote_count\":7,\"tweet_reply_count\":8,"
                + "\"tweet_retweet_count\":9" + (userId == null ? "" : ",\"user_id\":\"" + userId + "\"") + "}";
    }

    private void load(String file, List<String> lines) throws SQLException {
        try (DuckDBAppender a = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "twt_raw")) {
            int row = 0;
            for (String line : lines) {
                a.beginRow();
                a.append(line);
                a.append(file);
                a.append((long) ++row);
                a.append(java.time.LocalDateTime.of(2026, 3, 1, 12, 5));
                a.append(++seq);
                a.endRow();
            }
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
