package io.twt.core.sql;

import io.twt.core.sql.RefreshResult.MergeCounts;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * Runs one refresh over plain JDBC, for any {@link Dialect}: the same code path serves DuckDB in
 * local mode and tests, and Snowflake in the Refresh function. The statements are those of
 * {@code sql/snowflake/refresh.sql}, in its order:
 *
 * <ol>
 *   <li>Ask whether the stream has data; if not, stop (one statement, no DML, no warehouse time).</li>
 *   <li>Run the setup statements (DDL) outside the transaction.</li>
 *   <li>{@code BEGIN}, parse, reject the rows that cannot be parsed or typed, batch the others,
 *       both merges, then (Snowflake) record the files the pipe loaded with errors, {@code COMMIT}; on any failure {@code ROLLBACK}, so the stream keeps its rows
 *       for the next run.</li>
 * </ol>
 *
 * <p>The transaction is opened and closed with statements rather than with
 * {@link Connection#setAutoCommit}: Snowflake's driver turns each auto-commit switch into an extra
 * {@code ALTER SESSION} round trip. The connection must therefore be in auto-commit mode.
 *
 * <p>Each merge reports inserted and updated rows separately without an extra statement: Snowflake's
 * MERGE returns a one-row result ({@value #SNOWFLAKE_INSERTED}, {@value #SNOWFLAKE_UPDATED}); DuckDB's
 * is sent with {@code RETURNING merge_action} and the actions are counted.
 */
public final class RefreshRunner {

    static final String BEGIN = "BEGIN";
    static final String COMMIT = "COMMIT";
    static final String ROLLBACK = "ROLLBACK";
    /** Column labels of the one-row result of a Snowflake MERGE; a column is absent when its clause is. */
    static final String SNOWFLAKE_INSERTED = "number of rows inserted";
    static final String SNOWFLAKE_UPDATED = "number of rows updated";
    static final String DUCKDB_RETURNING = "\nRETURNING merge_action";

    private final SqlCatalogue catalogue;
    private final List<String> setup;
    private final String parseRows;
    private final String rejectRows;
    private final String parseBatch;
    private final String mergeUsers;
    private final String mergeTweets;
    /** What the transaction runs after the merges (DuckDB: the emulated stream offset; Snowflake: the load error report). */
    private final List<String> afterMerges;
    /** The statement among {@link #afterMerges} whose count is {@link RefreshResult#loadErrorFiles()}, or null. */
    private final String recordLoadErrors;

    public RefreshRunner(SqlCatalogue catalogue) {
        this.catalogue = catalogue;
        this.setup = catalogue.setup();
        List<String> transaction = catalogue.transaction();
        if (transaction.size() < 5 || !transaction.get(0).equals(catalogue.parseRows()) || !transaction.get(1).equals(catalogue.rejectRows())
                || !transaction.get(2).equals(catalogue.parseBatch())
                || !transaction.get(3).equals(catalogue.mergeUsers()) || !transaction.get(4).equals(catalogue.mergeTweets())) {
            throw new IllegalStateException("the catalogue's transaction must start with parse, reject, batch, user merge, tweet merge");
        }
        this.parseRows = transaction.get(0);
        this.rejectRows = transaction.get(1);
        this.parseBatch = transaction.get(2);
        this.mergeUsers = countable(transaction.get(3));
        this.mergeTweets = countable(transaction.get(4));
        this.afterMerges = List.copyOf(transaction.subList(5, transaction.size()));
        this.recordLoadErrors = catalogue.dialect() == Dialect.SNOWFLAKE ? catalogue.recordLoadErrors() : null;
    }

    /** One refresh without a statement time limit. */
    public RefreshResult run(Connection connection) throws SQLException {
        return run(connection, 0);
    }

    /** One refresh with the same time limit for every statement, 0 for none (see {@link #run(Connection, IntSupplier)}). */
    public RefreshResult run(Connection connection, int queryTimeoutSeconds) throws SQLException {
        return run(connection, () -> queryTimeoutSeconds);
    }

    /**
     * One refresh.
     *
     * @param connection in auto-commit mode; not closed
     * @param queryTimeoutSeconds asked before each statement for its time limit in seconds (0 for
     *                            none), so a caller with a deadline can give each what is left; the
     *                            driver cancels a statement that overruns and the refresh rolls back
     * @throws SQLException from the engine; nothing was committed and the stream keeps its rows
     * @throws IllegalStateException when the connection is not in auto-commit mode
     */
    public RefreshResult run(Connection connection, IntSupplier queryTimeoutSeconds) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("the refresh opens its own transaction: pass a connection in auto-commit mode");
        }
        long started = System.nanoTime();
        int statements = 0;
        try (Statement s = connection.createStatement()) {
            limit(s, queryTimeoutSeconds);
            statements++;
            if (!streamHasData(s)) {
                return RefreshResult.notRun(statements, elapsedMillis(started));
            }
            for (String sql : setup) {
                limit(s, queryTimeoutSeconds);
                s.execute(sql);
                statements++;
            }
            limit(s, queryTimeoutSeconds);
            s.execute(BEGIN);
            statements++;
            try {
                limit(s, queryTimeoutSeconds);
                s.executeUpdate(parseRows);
                statements++;
                limit(s, queryTimeoutSeconds);
                long rejectedRows = s.executeUpdate(rejectRows);
                statements++;
                limit(s, queryTimeoutSeconds);
                long batchRows = s.executeUpdate(parseBatch);
                statements++;
                limit(s, queryTimeoutSeconds);
                MergeCounts users = merge(s, mergeUsers);
                statements++;
                limit(s, queryTimeoutSeconds);
                MergeCounts tweets = merge(s, mergeTweets);
                statements++;
                long loadErrorFiles = 0;
                for (String sql : afterMerges) {
                    limit(s, queryTimeoutSeconds);
                    long changed = s.executeUpdate(sql);
                    if (sql.equals(recordLoadErrors)) {
                        loadErrorFiles = changed;
                    }
                    statements++;
                }
                limit(s, queryTimeoutSeconds);
                s.execute(COMMIT);
                statements++;
                return new RefreshResult(true, batchRows, rejectedRows, loadErrorFiles, users, tweets, statements, elapsedMillis(started));
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    /** Sets the next statement's time limit (a local setting in both drivers, not a round trip). */
    private static void limit(Statement s, IntSupplier queryTimeoutSeconds) throws SQLException {
        int seconds = queryTimeoutSeconds.getAsInt();
        if (seconds < 0) {
            throw new IllegalArgumentException("query timeout must be 0 (none) or positive, got " + seconds);
        }
        s.setQueryTimeout(seconds);
    }

    private boolean streamHasData(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(catalogue.dialect().streamHasData())) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** The merge as sent, so that it reports what it did. */
    private String countable(String merge) {
        return catalogue.dialect() == Dialect.DUCKDB ? merge + DUCKDB_RETURNING : merge;
    }

    private MergeCounts merge(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return catalogue.dialect() == Dialect.DUCKDB ? countActions(rs) : snowflakeCounts(rs);
        }
    }

    /** DuckDB: one row per changed target row, its merge_action. */
    static MergeCounts countActions(ResultSet rs) throws SQLException {
        long inserted = 0;
        long updated = 0;
        while (rs.next()) {
            String action = rs.getString(1);
            if ("INSERT".equals(action)) {
                inserted++;
            } else if ("UPDATE".equals(action)) {
                updated++;
            } else {
                throw new SQLException("MERGE returned merge_action " + action + "; the refresh's merges only insert and update");
            }
        }
        return new MergeCounts(inserted, updated);
    }

    /** Snowflake: one row whose columns are named after the actions the statement has. */
    static MergeCounts snowflakeCounts(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            throw new SQLException("MERGE returned no result row; expected \"" + SNOWFLAKE_INSERTED + "\" and \"" + SNOWFLAKE_UPDATED + "\"");
        }
        ResultSetMetaData md = rs.getMetaData();
        int insertedColumn = 0;
        int updatedColumn = 0;
        StringBuilder labels = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String label = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
            labels.append(i > 1 ? ", " : "").append('"').append(md.getColumnLabel(i)).append('"');
            if (label.equals(SNOWFLAKE_INSERTED)) {
                insertedColumn = i;
            } else if (label.equals(SNOWFLAKE_UPDATED)) {
                updatedColumn = i;
            }
        }
        if (insertedColumn == 0 && updatedColumn == 0) {
            throw new SQLException("MERGE result has columns " + labels + "; expected \"" + SNOWFLAKE_INSERTED
                    + "\" and/or \"" + SNOWFLAKE_UPDATED + "\"");
        }
        return new MergeCounts(insertedColumn == 0 ? 0 : rs.getLong(insertedColumn), updatedColumn == 0 ? 0 : rs.getLong(updatedColumn));
    }

    /** A fresh statement: the one that failed may have been cancelled by its timeout. */
    private static void rollbackQuietly(Connection connection, Exception cause) {
        try (Statement s = connection.createStatement()) {
            s.execute(ROLLBACK);
        } catch (SQLException | RuntimeException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
