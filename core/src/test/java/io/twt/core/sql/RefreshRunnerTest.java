package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.core.sql.RefreshResult.MergeCounts;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What RefreshRunner sends and how it reads the merges' counts. The table semantics are proven in
 * local's RefreshSemanticsTest and the Refresh function's tests; here: the statement sequence
 * (exactly the statements of the rendered refresh script, in order) and the count reading.
 */
class RefreshRunnerTest {

    private Connection duck;

    @BeforeEach
    void open() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws SQLException {
        duck.close();
    }

    @Test
    void snowflakeRunSendsExactlyTheStatementsOfTheRenderedScriptInOrder() throws Exception {
        List<String> sent = new ArrayList<>();
        List<Integer> timeouts = new ArrayList<>();
        // A stand-in for Snowflake's driver: the stream has data, the parse and the batch insert 5
        // rows, 3 are rejected, 2 files with load errors are recorded, and each MERGE returns
        // Snowflake's one-row result (real JDBC result sets, from DuckDB).
        Connection snowflake = scripted(sent, timeouts, sql -> {
            if (sql.startsWith("SELECT SYSTEM$STREAM_HAS_DATA")) {
                return "SELECT true";
            }
            if (sql.startsWith("MERGE INTO twt_user")) {
                return "SELECT 2 AS \"number of rows inserted\", 1 AS \"number of rows updated\"";
            }
            if (sql.startsWith("MERGE INTO twt_tweet")) {
                return "SELECT 1 AS \"number of rows updated\", 4 AS \"number of rows inserted\"";
            }
            return null;
        }, sql -> sql.startsWith("INSERT INTO twt_raw_rejected") ? 3 : sql.startsWith("INSERT INTO twt_load_error") ? 2 : 5);

        RefreshResult r = new RefreshRunner(new SqlCatalogue(Dialect.SNOWFLAKE)).run(snowflake, 90);

        String script = new SqlCatalogue(Dialect.SNOWFLAKE).script().text();
        assertThat(sent).as("compliance_lines added 5, so the compliance statements ran").containsExactlyElementsOf(SqlScript.statements(script));
        assertThat(sent).hasSize(23);
        assertThat(sent.get(sent.size() - 2)).as("the load error report, last before COMMIT").startsWith("INSERT INTO twt_load_error");
        assertThat(timeouts).containsOnly(90);
        assertThat(r.ran()).isTrue();
        assertThat(r.batchRows()).isEqualTo(5);
        assertThat(r.rejectedRows()).isEqualTo(3);
        assertThat(r.loadErrorFiles()).isEqualTo(2);
        assertThat(r.users()).isEqualTo(new MergeCounts(2, 1));
        assertThat(r.tweets()).isEqualTo(new MergeCounts(4, 1));
        assertThat(r.userRowsChanged()).isEqualTo(3);
        assertThat(r.tweetRowsChanged()).isEqualTo(5);
        assertThat(r.complianceLines()).isEqualTo(5);
        assertThat(r.statements()).isEqualTo(23);
    }

    @Test
    void snowflakeRunWithAnEmptyStreamSendsOnlyTheCheck() throws Exception {
        List<String> sent = new ArrayList<>();
        Connection snowflake = scripted(sent, new ArrayList<>(), sql -> "SELECT false", sql -> 0);

        RefreshResult r = new RefreshRunner(new SqlCatalogue(Dialect.SNOWFLAKE)).run(snowflake);

        assertThat(sent).containsExactly("SELECT SYSTEM$STREAM_HAS_DATA('twt_raw_stream')");
        assertThat(r.ran()).isFalse();
        assertThat(r.statements()).isEqualTo(1);
        assertThat(r.users()).isEqualTo(MergeCounts.NONE);
        assertThat(r.tweets()).isEqualTo(MergeCounts.NONE);
    }

    @Test
    void aFailingMergeIsRolledBackWithAStatementAndRethrown() throws Exception {
        List<String> sent = new ArrayList<>();
        Connection snowflake = scripted(sent, new ArrayList<>(), sql -> {
            if (sql.startsWith("MERGE INTO twt_tweet")) {
                throw new SQLException("Statement reached its statement or warehouse timeout of 90 second(s) and was canceled.");
            }
            return sql.startsWith("SELECT") ? "SELECT true" : "SELECT 1 AS \"number of rows inserted\", 0 AS \"number of rows updated\"";
        }, sql -> 1);

        assertThatThrownBy(() -> new RefreshRunner(new SqlCatalogue(Dialect.SNOWFLAKE)).run(snowflake, 90))
                .isInstanceOf(SQLException.class).hasMessageContaining("timeout");

        assertThat(sent).last().isEqualTo("ROLLBACK");
        assertThat(sent).doesNotContain("COMMIT");
    }

    @Test
    void duckDbRunSendsTheRenderedScriptWithReturningOnTheMergesAndTheOffsetUpdateBeforeCommit() throws Exception {
        new MigrationRunner(Dialect.DUCKDB, Migrations.load(Dialect.DUCKDB)).migrate(duck, Map.of());
        try (Statement s = duck.createStatement()) {
            s.execute("INSERT INTO twt_raw VALUES ('{\"id\":\"1900000000000000001\",\"created_at\":\"2026-03-01T12:00:00.000Z\","
                    + "\"screenname\":\"ada\",\"username\":\"Ada\",\"user_favourites_count\":1,\"user_followers_count\":2,"
                    + "\"user_friends_count\":3,\"user_listed_count\":4,\"user_statuses_count\":5,\"verified\":false,"
                    + "\"verified_type\":\"none\",\"text\":\"hi\",\"tweet_favorite_count\":6,\"tweet_quote_count\":7,"
                    + "\"tweet_reply_count\":8,\"tweet_retweet_count\":9,\"user_id\":\"42\"}', 'a.gz', 1, now(), 1)");
        }
        SqlCatalogue catalogue = new SqlCatalogue(Dialect.DUCKDB);
        List<String> sent = new ArrayList<>();

        RefreshResult r = new RefreshRunner(catalogue).run(recording(duck, sent));

        List<String> compliance = catalogue.script().compliance().stream().map(RefreshScript.Step::sql).toList();
        List<String> expected = new ArrayList<>(SqlScript.statements(catalogue.script().text()));
        expected.removeAll(compliance);
        assertThat(sent).as("no compliance line: the compliance statements are not sent").containsExactlyElementsOf(expected);
        assertThat(sent.get(sent.size() - 6)).startsWith("MERGE INTO twt_user").endsWith(") RETURNING merge_action");
        assertThat(sent.get(sent.size() - 5)).startsWith("MERGE INTO twt_tweet").endsWith(") RETURNING merge_action");
        assertThat(sent.get(sent.size() - 4)).as("the entities, after the merges, in the transaction").startsWith("INSERT INTO twt_tweet_entity");
        assertThat(sent.get(sent.size() - 3)).as("the compliance lines, after the entities").startsWith("INSERT INTO twt_compliance_batch");
        assertThat(sent.get(sent.size() - 2)).as("the offset update, last before COMMIT").startsWith("UPDATE twt_stream_offset");
        assertThat(sent).last().isEqualTo("COMMIT");
        assertThat(r.complianceLines()).isZero();
        assertThat(r.statements()).isEqualTo(15);
        assertThat(r.rejectedRows()).isZero();
        assertThat(r.loadErrorFiles()).as("DuckDB has no pipe").isZero();
        assertThat(r.users()).isEqualTo(new MergeCounts(1, 0));
        assertThat(r.tweets()).isEqualTo(new MergeCounts(1, 0));
    }

    @Test
    void snowflakeCountsAreReadByLabelInAnyOrderAndCase() throws Exception {
        assertThat(counts("SELECT 7 AS \"number of rows updated\", 3 AS \"NUMBER OF ROWS INSERTED\"")).isEqualTo(new MergeCounts(3, 7));
    }

    @Test
    void aSnowflakeResultWithoutAnActionColumnCountsThatActionAsZero() throws Exception {
        assertThat(counts("SELECT 12 AS \"number of rows inserted\"")).isEqualTo(new MergeCounts(12, 0));
    }

    @Test
    void aSnowflakeResultWithNeitherColumnIsAnErrorNamingTheColumnsFound() {
        assertThatThrownBy(() -> counts("SELECT 1 AS \"rows_loaded\""))
                .isInstanceOf(SQLException.class)
                .hasMessage("MERGE result has columns \"rows_loaded\"; expected \"number of rows inserted\" and/or \"number of rows updated\"");
    }

    @Test
    void aSnowflakeResultWithoutARowIsAnError() {
        assertThatThrownBy(() -> counts("SELECT 1 AS \"number of rows inserted\" WHERE false"))
                .isInstanceOf(SQLException.class).hasMessageStartingWith("MERGE returned no result row");
    }

    @Test
    void duckDbActionsAreCountedAndAnUnexpectedActionIsAnError() throws Exception {
        try (Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM (VALUES ('INSERT'), ('UPDATE'), ('INSERT')) v(merge_action)")) {
            assertThat(Dialect.DUCKDB.mergeCounts(rs)).isEqualTo(new MergeCounts(2, 1));
        }
        try (Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM (VALUES ('INSERT'), ('DELETE')) v(merge_action)")) {
            assertThatThrownBy(() -> Dialect.DUCKDB.mergeCounts(rs))
                    .isInstanceOf(SQLException.class).hasMessageContaining("merge_action DELETE");
        }
    }

    @Test
    void aConnectionOutsideAutoCommitIsRefusedBeforeAnythingRuns() throws Exception {
        List<String> sent = new ArrayList<>();
        Connection c = recording(duck, sent);
        c.setAutoCommit(false);
        assertThatThrownBy(() -> new RefreshRunner(new SqlCatalogue(Dialect.DUCKDB)).run(c))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("auto-commit");
        assertThat(sent).isEmpty();
    }

    @Test
    void aNegativeTimeoutIsRefused() {
        assertThatThrownBy(() -> new RefreshRunner(new SqlCatalogue(Dialect.DUCKDB)).run(duck, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void mergeCountsAddUpAndCannotBeNegative() {
        assertThat(new MergeCounts(3, 4).changed()).isEqualTo(7);
        assertThatThrownBy(() -> new MergeCounts(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private MergeCounts counts(String query) throws SQLException {
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(query)) {
            return Dialect.SNOWFLAKE.mergeCounts(rs);
        }
    }

    private interface Script {
        /** The DuckDB query whose result stands for the engine's answer to {@code sql}, or null for none. */
        String answer(String sql) throws SQLException;
    }

    /**
     * A connection that records every statement and answers queries from {@code script}; updates
     * return {@code updateCount}. Auto-commit is on, as in a fresh Snowflake session.
     */
    private Connection scripted(List<String> sent, List<Integer> timeouts, Script script, ToIntFunction<String> updateCount) {
        Statement statement = (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setQueryTimeout":
                            timeouts.add((Integer) args[0]);
                            return null;
                        case "execute":
                        case "executeUpdate":
                        case "executeQuery": {
                            String sql = (String) args[0];
                            sent.add(sql);
                            String answer = script.answer(sql);
                            if (method.getName().equals("executeQuery")) {
                                return duck.createStatement().executeQuery(answer);
                            }
                            return method.getName().equals("execute") ? (Object) false : (Object) updateCount.applyAsInt(sql);
                        }
                        case "close":
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "createStatement":
                            return statement;
                        case "getAutoCommit":
                            return true;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** {@code real}, with the SQL of every statement it runs recorded in {@code sent}. */
    private static Connection recording(Connection real, List<String> sent) {
        return (Connection) Proxy.newProxyInstance(RefreshRunnerTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (result instanceof Statement) {
                        Statement s = (Statement) result;
                        return Proxy.newProxyInstance(RefreshRunnerTest.class.getClassLoader(), new Class<?>[] {Statement.class},
                                (p, m, a) -> {
                                    if (m.getName().startsWith("execute") && a != null && a.length > 0 && a[0] instanceof String) {
                                        sent.add((String) a[0]);
                                    }
                                    return invoke(s, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
