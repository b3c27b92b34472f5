package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.record.RecordField;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No single row can fail a refresh: a stream holding rows that cannot be parsed or typed is
 * refreshed, its good rows merged, its bad rows kept in twt_raw_rejected with the validator's reason
 * and field, and the offset moved past both.
 */
class RefreshRejectionTest {

    private static final String GOOD_A = record("1900000000000000001", "ada", "\"2026-03-01T12:00:00.000Z\"", "5", "false");
    private static final String GOOD_B = record("1900000000000000002", "bob", "\"2026-03-01T12:00:01.000+01:00\"", "7", "\"true\"");

    private DuckDBConnection duck;
    private final SqlCatalogue catalogue = new SqlCatalogue(Dialect.DUCKDB);
    private long seq;

    @BeforeEach
    void open() throws SQLException {
        duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
        new MigrationRunner(Dialect.DUCKDB, Migrations.load(Dialect.DUCKDB)).migrate(duck, Map.of());
    }

    @AfterEach
    void close() throws SQLException {
        duck.close();
    }

    @Test
    void badRowsAreRejectedWithTheirReasonAndFieldAndTheGoodOnesMerged() throws SQLException {
        load("validated/a.gz", List.of(
                GOOD_A,                                                                       // 1
                "not json {",                                                                 // 2
                "[1, 2, 3]",                                                                  // 3
                GOOD_A.replace("\"screenname\":\"ada\",", ""),                                // 4
                record("12a", "cy", "\"2026-03-01T12:00:00Z\"", "1", "false"),                // 5
                record("1900000000000000005", "dee", "\"2026-13-45T99:00:00Z\"", "1", "false"), // 6
                record("1900000000000000006", "eve", "\"2026-03-01T12:00:00Z\"", "-3", "false"), // 7
                record("1900000000000000007", "fay", "\"2026-03-01T12:00:00Z\"", "1", "\"yes\"")));  // 8
        load("validated/b.gz", List.of(
                GOOD_B,                                                                       // 1
                record("1900000000000000008", "   ", "\"2026-03-01T12:00:00Z\"", "1", "false"),  // 2
                record("1900000000000000009", "gus", "\"2026-03-01T12:00:00Z\"", "1.5", "false"), // 3
                record("1900000000000000010", "hal", "\"2026-03-01T12:00:00Z\"", "9223372036854775808", "false"), // 4
                GOOD_B.replace("\"text\":\"hi\"", "\"text\":null")));                         // 5

        RefreshResult r = new RefreshRunner(catalogue).run(duck);

        assertThat(r.ran()).isTrue();
        assertThat(r.rejectedRows()).isEqualTo(11);
        assertThat(r.batchRows()).isEqualTo(2);
        assertThat(r.tweets().inserted()).isEqualTo(2);
        assertThat(strings("SELECT id FROM twt_tweet ORDER BY id")).containsExactly("1900000000000000001", "1900000000000000002");
        assertThat(strings("SELECT screen_name || ' ' || verified FROM twt_user ORDER BY 1")).containsExactly("ada false", "bob true");
        assertThat(rejected()).containsExactly(
                "validated/a.gz 2 not_json null not json {",
                "validated/a.gz 3 not_object null [1, 2, 3]",
                "validated/a.gz 4 missing_field screenname " + GOOD_A.replace("\"screenname\":\"ada\",", ""),
                "validated/a.gz 5 invalid_id id " + record("12a", "cy", "\"2026-03-01T12:00:00Z\"", "1", "false"),
                "validated/a.gz 6 invalid_timestamp created_at " + record("1900000000000000005", "dee", "\"2026-13-45T99:00:00Z\"", "1", "false"),
                "validated/a.gz 7 invalid_count user_favourites_count " + record("1900000000000000006", "eve", "\"2026-03-01T12:00:00Z\"", "-3", "false"),
                "validated/a.gz 8 invalid_boolean verified " + record("1900000000000000007", "fay", "\"2026-03-01T12:00:00Z\"", "1", "\"yes\""),
                "validated/b.gz 2 empty_string screenname " + record("1900000000000000008", "   ", "\"2026-03-01T12:00:00Z\"", "1", "false"),
                "validated/b.gz 3 invalid_count user_favourites_count " + record("1900000000000000009", "gus", "\"2026-03-01T12:00:00Z\"", "1.5", "false"),
                "validated/b.gz 4 invalid_count user_favourites_count " + record("1900000000000000010", "hal", "\"2026-03-01T12:00:00Z\"", "9223372036854775808", "false"),
                "validated/b.gz 5 missing_field text " + GOOD_B.replace("\"text\":\"hi\"", "\"text\":null"));
        assertThat(strings("SELECT DISTINCT CAST(load_time IS NOT NULL AND rejected_at IS NOT NULL AS VARCHAR) FROM twt_raw_rejected"))
                .containsExactly("true");

        // The offset moved past the bad rows too: the next run finds nothing and rejects nothing again.
        RefreshResult again = new RefreshRunner(catalogue).run(duck);
        assertThat(again.ran()).isFalse();
        assertThat(count("twt_raw_rejected")).isEqualTo(11);
    }

    @Test
    void theSameRowsReadAgainAreNotRejectedTwice() throws SQLException {
        load("validated/a.gz", List.of(GOOD_A, "not json", "[]"));
        new RefreshRunner(catalogue).run(duck);
        // The stream offset set back (what reloading the file, or a refresh re-run over the same rows, amounts to).
        try (Statement s = duck.createStatement()) {
            s.execute("UPDATE twt_stream_offset SET consumed_seq = 0");
        }

        RefreshResult r = new RefreshRunner(catalogue).run(duck);

        assertThat(r.ran()).isTrue();
        assertThat(r.rejectedRows()).isZero();
        assertThat(count("twt_raw_rejected")).isEqualTo(2);
        assertThat(count("twt_tweet")).isEqualTo(1);
    }

    @Test
    void aStreamOfOnlyBadRowsCommitsTheRejectsAndMergesNothing() throws SQLException {
        load("validated/a.gz", List.of("{", "\"a string\"", "{}"));

        RefreshResult r = new RefreshRunner(catalogue).run(duck);

        assertThat(r.batchRows()).isZero();
        assertThat(r.rejectedRows()).isEqualTo(3);
        assertThat(strings("SELECT reason || ' ' || COALESCE(field, '-') FROM twt_raw_rejected ORDER BY file_row_number"))
                .containsExactly("not_json -", "not_object -", "missing_field id");
        assertThat(new RefreshRunner(catalogue).run(duck).ran()).isFalse();
    }

    @Test
    void aLongRowIsKeptCutTo8KiB() throws SQLException {
        String longText = GOOD_A.replace("\"text\":\"hi\"", "\"text\":\"" + "x".repeat(20_000) + "\"").replace("\"id\":\"1900000000000000001\",", "");
        load("validated/a.gz", List.of(longText));

        new RefreshRunner(catalogue).run(duck);

        assertThat(strings("SELECT raw FROM twt_raw_rejected")).singleElement()
                .isEqualTo(longText.substring(0, SqlCatalogue.RAW_TEXT_LIMIT));
    }

    /** Snowflake cannot be reached from the tests: its parse is checked as text. */
    @Test
    void snowflakesParseUsesOnlyConversionsThatCannotFail() {
        SqlCatalogue snowflake = new SqlCatalogue(Dialect.SNOWFLAKE);
        String parse = snowflake.script().sql(RefreshScript.PARSE_ROWS);

        assertThat(parse).contains("TRY_TO_NUMBER(text_user_favourites_count)", "TRY_TO_TIMESTAMP_TZ(text_created_at)",
                "REGEXP_LIKE(text_id, '[0-9]{1,19}')", "NOT IS_OBJECT(raw)", "LEFT(TO_JSON(raw), 8192)",
                "FROM twt_raw_stream WHERE METADATA$ACTION = 'INSERT'");
        assertThat(parse).doesNotContain("::NUMBER", "::TIMESTAMP_TZ", "::BOOLEAN", "::DATETIME", "not_json");
        // Casts that remain: VARIANT to STRING (never fails), TIMESTAMP_TZ to NTZ, and the id's digits to NUMBER(19,0).
        Matcher casts = Pattern.compile("::(\\w+)").matcher(parse);
        while (casts.find()) {
            assertThat(casts.group(1)).isIn("STRING", "TIMESTAMP_NTZ");
        }
        Matcher cast = Pattern.compile("CAST\\((\\w+) AS ([^)]+)\\)").matcher(parse);
        while (cast.find()) {
            assertThat(cast.group(1) + " " + cast.group(2)).isEqualTo("id NUMBER(19,0");
        }
        for (RecordField f : RecordField.values()) {
            assertThat(parse).contains("raw:" + f.key() + "::STRING AS " + SqlCatalogue.textColumn(f));
        }
        // The batch and the rejects read the parsed table, not the stream: the stream is read once.
        assertThat(snowflake.script().sql(RefreshScript.BATCH_ROWS)).contains("FROM twt_parsed\nWHERE problem IS NULL").doesNotContain("twt_raw_stream", "raw:");
        assertThat(snowflake.script().sql(RefreshScript.REJECT_ROWS)).contains("FROM twt_parsed p\nWHERE p.problem IS NOT NULL").doesNotContain("twt_raw_stream");
        assertThat(snowflake.script().between(RefreshScript.BEGIN, RefreshScript.COMMIT).stream().map(RefreshScript.Step::sql)
                .collect(Collectors.joining("\n")).split("twt_raw_stream", -1)).hasSize(2);
    }

    @Test
    void bothEnginesCheckTheSameThingsInTheSameOrder() {
        List<String[]> snowflake = new SqlCatalogue(Dialect.SNOWFLAKE).checks();
        List<String[]> duckdb = catalogue.checks();
        assertThat(duckdb.get(0)[1]).isEqualTo("not_json");
        assertThat(duckdb.subList(1, duckdb.size())).hasSameSizeAs(snowflake);
        for (int i = 0; i < snowflake.size(); i++) {
            assertThat(duckdb.get(i + 1)[1]).isEqualTo(snowflake.get(i)[1]);
            assertThat(duckdb.get(i + 1)[2]).isEqualTo(snowflake.get(i)[2]);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static String record(String id, String screenname, String createdAt, String favourites, String verified) {
        return "{\"id\":\"" + id + "\",\"created_at\":" + createdAt + ",\"screenname\":\"" + screenname + "\",\"username\":\"U\","
                + "\"user_favourites_count\":" + favourites + ",\"user_followers_count\":2,\"user_friends_count\":3,"
                + "\"user_listed_count\":4,\"user_statuses_count\":5,\"verified\":" + verified + ",\"verified_type\":\"none\","
                + "\"text\":\"hi\",\"tweet_favorite_count\":6,\"tweet_quote_count\":7,\"tweet_reply_count\":8,"
                + "\"tweet_retweet_count\":9,\"user_id\":\"42\"}";
    }

    /** As twt local's store loads: an appender, which does not check that raw is JSON. */
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

    private List<String> rejected() throws SQLException {
        return strings("SELECT file_name || ' ' || file_row_number || ' ' || reason || ' ' || COALESCE(field, 'null') || ' ' || raw"
                + " FROM twt_raw_rejected ORDER BY file_name, file_row_number");
    }

    private long count(String table) throws SQLException {
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> strings(String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
