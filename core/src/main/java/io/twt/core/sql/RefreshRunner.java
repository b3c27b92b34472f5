package io.twt.core.sql;

import io.twt.core.sql.RefreshResult.MergeCounts;
import java.sql.Connection;
import java.sql.ResultSet;
import io.twt.core.sql.RefreshScript.Step;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Runs one refresh over plain JDBC, for any {@link Dialect}: the same code path serves DuckDB in
 * local mode and tests, and Snowflake in the Refresh function. It sends the statements of the
 * catalogue's {@link RefreshScript}, in its order:
 *
 * <ol>
 *   <li>Ask whether the stream has data; if not, stop (one statement, no DML, no warehouse time).</li>
 *   <li>Run the setup statements (DDL) outside the transaction.</li>
 *   <li>{@code BEGIN}, parse, reject the rows that cannot be parsed or typed, batch the others,
 *       both merges, the posts' new entities, the compliance lines (and, only when there is one,
 *       the compliance statements that remove what they name), the dialect's after-merge
 *       statement, {@code COMMIT}; on any failure {@code ROLLBACK}, so the stream keeps its rows
 *       for the next run.</li>
 * </ol>
 *
 * <p>The transaction is opened and closed with statements rather than with
 * {@link Connection#setAutoCommit}: Snowflake's driver turns each auto-commit switch into an extra
 * {@code ALTER SESSION} round trip. The connection must therefore be in auto-commit mode.
 *
 * <p>Each merge reports inserted and updated rows without an extra statement, as its
 * {@link Dialect} makes it ({@link Dialect#mergeReport()}, {@link Dialect#mergeCounts}).
 */
public final class RefreshRunner {

    static final String ROLLBACK = "ROLLBACK";

    private final Dialect dialect;
    private final String streamHasData;
    private final List<Step> setup;
    private final String begin;
    private final List<Step> transaction;
    private final List<Step> compliance;
    private final String commit;

    public RefreshRunner(SqlCatalogue catalogue) {
        RefreshScript script = catalogue.script();
        this.dialect = catalogue.dialect();
        this.streamHasData = script.steps().get(0).sql();
        if (!script.steps().get(0).name().equals(RefreshScript.STREAM_HAS_DATA)) {
            throw new IllegalStateException("the refresh must start with " + RefreshScript.STREAM_HAS_DATA);
        }
        this.setup = script.between(RefreshScript.STREAM_HAS_DATA, RefreshScript.BEGIN);
        this.begin = script.sql(RefreshScript.BEGIN);
        this.transaction = script.between(RefreshScript.BEGIN, RefreshScript.COMMIT);
        this.compliance = script.compliance();
        this.commit = script.sql(RefreshScript.COMMIT);
        for (String name : List.of(RefreshScript.REJECT_ROWS, RefreshScript.BATCH_ROWS, RefreshScript.MERGE_USERS,
                RefreshScript.MERGE_TWEETS, RefreshScript.INSERT_ENTITIES, RefreshScript.COMPLIANCE_LINES, RefreshScript.AFTER_MERGES)) {
            if (transaction.stream().noneMatch(step -> step.name().equals(name))) {
                throw new IllegalStateException("the refresh transaction has no " + name);
            }
        }
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
            for (Step step : setup) {
                limit(s, queryTimeoutSeconds);
                s.execute(step.sql());
                statements++;
            }
            limit(s, queryTimeoutSeconds);
            s.execute(begin);
            statements++;
            try {
                Map<String, Long> updated = new HashMap<>();
                Map<String, MergeCounts> merged = new HashMap<>();
                for (Step step : transaction) {
                    if (compliance.contains(step) && updated.get(RefreshScript.COMPLIANCE_LINES) == 0) {
                        continue;
                    }
                    limit(s, queryTimeoutSeconds);
                    if (isMerge(step)) {
                        try (ResultSet rs = s.executeQuery(step.sql())) {
                            merged.put(step.name(), dialect.mergeCounts(rs));
                        }
                    } else {
                        updated.put(step.name(), (long) s.executeUpdate(step.sql()));
                    }
                    statements++;
                }
                limit(s, queryTimeoutSeconds);
                s.execute(commit);
                statements++;
                return new RefreshResult(true, updated.get(RefreshScript.BATCH_ROWS), updated.get(RefreshScript.REJECT_ROWS),
                        dialect.loadErrorFiles(updated.get(RefreshScript.AFTER_MERGES)),
                        merged.get(RefreshScript.MERGE_USERS), merged.get(RefreshScript.MERGE_TWEETS),
                        updated.get(RefreshScript.COMPLIANCE_LINES), statements, elapsedMillis(started));
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

    /**
     * The refresh's first statement: whether the stream holds anything new. It reads only the
     * stream's table versions (https://docs.snowflake.com/en/sql-reference/functions/system_stream_has_data),
     * which is also why the serverless mode can send it without a warehouse.
     */
    public boolean streamHasData(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(streamHasData)) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static boolean isMerge(Step step) {
        return step.name().equals(RefreshScript.MERGE_USERS) || step.name().equals(RefreshScript.MERGE_TWEETS);
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
