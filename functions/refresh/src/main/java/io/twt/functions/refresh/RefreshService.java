package io.twt.functions.refresh;

import io.twt.core.sql.ConnectionSource;
import io.twt.core.sql.RefreshResult;
import io.twt.core.sql.RefreshRunner;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One refresh per call: a connection from the source (which checks it and reopens it when needed),
 * then {@link RefreshRunner}'s statements. Each statement's time limit is the configured one, cut to
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

    /** The next statement's limit: the configured one, or the whole seconds left if fewer; at least 1 with a deadline. */
    private int timeoutSeconds(boolean hasDeadline, long stopAt) {
        if (!hasDeadline) {
            return queryTimeoutSeconds;
        }
        long secondsLeft = Math.max(1, (stopAt - nanoTime.getAsLong()) / 1_000_000_000L);
        return (int) (queryTimeoutSeconds == 0 ? Math.min(secondsLeft, Integer.MAX_VALUE) : Math.min(queryTimeoutSeconds, secondsLeft));
    }
}
