package io.twt.core.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs one refresh over plain JDBC, for any {@link Dialect}: the same code path serves DuckDB in
 * local mode and tests, and Snowflake in the Refresh function.
 *
 * <ol>
 *   <li>Ask whether the stream has data; if not, stop (no DML, no warehouse time).</li>
 *   <li>Run the setup statements (DDL) outside the transaction.</li>
 *   <li>Run parse + both merges in one transaction; on any failure roll back, so the stream keeps
 *       its rows for the next run.</li>
 * </ol>
 */
public final class RefreshRunner {

    private final SqlCatalogue catalogue;
    private final List<String> setup;
    private final List<String> transaction;

    public RefreshRunner(SqlCatalogue catalogue) {
        this.catalogue = catalogue;
        this.setup = catalogue.setup();
        this.transaction = catalogue.transaction();
    }

    public RefreshResult run(Connection connection) throws SQLException {
        long started = System.nanoTime();
        int statements = 1;
        try (Statement s = connection.createStatement()) {
            if (!streamHasData(s)) {
                return new RefreshResult(false, 0, 0, 0, statements, elapsedMillis(started));
            }
            for (String sql : setup) {
                s.execute(sql);
                statements++;
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                long[] counts = new long[transaction.size()];
                for (int i = 0; i < transaction.size(); i++) {
                    counts[i] = s.executeUpdate(transaction.get(i));
                    statements++;
                }
                connection.commit();
                statements++;
                return new RefreshResult(true, counts[0], counts[1], counts[2], statements, elapsedMillis(started));
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private boolean streamHasData(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(catalogue.dialect().streamHasData())) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
