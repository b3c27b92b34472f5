package io.twt.functions.refresh;

import io.twt.core.sql.ConnectionSource;
import io.twt.core.sql.RefreshResult;
import io.twt.core.sql.RefreshRunner;
import io.twt.core.sql.RefreshTask;
import io.twt.core.sql.SqlCatalogue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One refresh per call: a connection from the source (which checks it and reopens it when needed),
 * then, in warehouse mode ({@link #refresh}), {@link RefreshRunner}'s statements, or in serverless
 * mode ({@link #trigger}) SHOW TASKS, the stream check and EXECUTE TASK. Each statement's time
 * limit is the configured one, cut to
 * what is left of the invocation minus {@link #MARGIN}: a slow statement is cancelled by the driver
 * and rolled back here, rather than Lambda killing the run mid-transaction and leaving an open
 * transaction in a session nobody will use again.
 */
public final class RefreshService {

    /** Kept back from the invocation's deadline to roll back and report. */
    static final Duration MARGIN = Duration.ofSeconds(10);

    private final ConnectionSource connections;
    private final RefreshRunner runner;
    private final int queryTimeoutSeconds;
    private final LongSupplier nanoTime;

    /**
     * @param queryTimeoutSeconds limit for each statement, 0 for none (the invocation's deadline still applies)
     */
    public RefreshService(ConnectionSource connections, RefreshRunner runner, int queryTimeoutSeconds) {
        this(connections, runner, queryTimeoutSeconds, System::nanoTime);
    }

    RefreshService(ConnectionSource connections, RefreshRunner runner, int queryTimeoutSeconds, LongSupplier nanoTime) {
        if (queryTimeoutSeconds < 0) {
            throw new IllegalArgumentException("query timeout must be 0 (none) or positive, got " + queryTimeoutSeconds);
        }
        this.connections = connections;
        this.runner = runner;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        this.nanoTime = nanoTime;
    }

    /**
     * Runs one refresh.
     *
     * @param timeLeft how long the invocation may still run, or null when there is no deadline
     * @throws SQLException when the connection or a statement fails; nothing was committed
     */
    public RefreshResult refresh(Duration timeLeft) throws SQLException {
        long stopAt = timeLeft == null ? 0 : nanoTime.getAsLong() + timeLeft.minus(MARGIN).toNanos();
        return runner.run(connections.connection(), () -> timeoutSeconds(timeLeft != null, stopAt));
    }

    /**
     * Serverless mode: reads the task's state, checks the stream with the refresh's own first
     * statement and, when it has something new, runs {@code EXECUTE TASK}, which returns as soon as
     * Snowflake has queued the run. None of these needs a warehouse (see {@link RefreshTask}), and
     * no other statement is sent.
     *
     * @param timeLeft how long the invocation may still run, or null when there is no deadline
     * @throws SQLException when the connection or a statement fails, or the task does not exist
     */
    public TaskRun trigger(Duration timeLeft) throws SQLException {
        long started = nanoTime.getAsLong();
        long stopAt = timeLeft == null ? 0 : started + timeLeft.minus(MARGIN).toNanos();
        Connection connection = connections.connection();
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(timeoutSeconds(timeLeft != null, stopAt));
            String state = taskState(s);
            s.setQueryTimeout(timeoutSeconds(timeLeft != null, stopAt));
            if (!runner.streamHasData(s)) {
                return new TaskRun(false, false, state, 2, elapsedMillis(started));
            }
            s.setQueryTimeout(timeoutSeconds(timeLeft != null, stopAt));
            s.execute(RefreshTask.EXECUTE);
            return new TaskRun(true, true, state, 3, elapsedMillis(started));
        }
    }

    private static String taskState(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(RefreshTask.SHOW)) {
            if (!rs.next()) {
                throw new SQLException("the refresh task " + SqlCatalogue.REFRESH_TASK + " does not exist: the stack's Bootstrap "
                        + "creates it when RefreshCompute is serverless (deploy again, or check that both functions got the same RefreshCompute)");
            }
            return rs.getString(rs.findColumn("state"));
        }
    }

    private long elapsedMillis(long startedNanos) {
        return (nanoTime.getAsLong() - startedNanos) / 1_000_000;
    }

    /** The next statement's limit: the configured one, or the whole seconds left if fewer; at least 1 with a deadline. */
    private int timeoutSeconds(boolean hasDeadline, long stopAt) {
        if (!hasDeadline) {
            return queryTimeoutSeconds;
        }
        long secondsLeft = Math.max(1, (stopAt - nanoTime.getAsLong()) / 1_000_000_000L);
        return (int) (queryTimeoutSeconds == 0 ? Math.min(secondsLeft, Integer.MAX_VALUE) : Math.min(queryTimeoutSeconds, secondsLeft));
    }
}
