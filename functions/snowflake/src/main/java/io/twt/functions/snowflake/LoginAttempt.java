package io.twt.functions.snowflake;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One login, run on its own thread so that the caller can stop waiting for it. Whoever comes
 * second, the waiter giving up or the login finishing, decides: a connection that arrives after
 * the waiter gave up is closed, never handed out.
 */
final class LoginAttempt implements Runnable {

    private final SnowflakeConnector connector;
    private final SnowflakeSecret secret;
    private Connection connection;
    private SQLException failure;
    private RuntimeException error;
    private boolean done;
    private boolean abandoned;

    LoginAttempt(SnowflakeConnector connector, SnowflakeSecret secret) {
        this.connector = connector;
        this.secret = secret;
    }

    @Override
    public void run() {
        Connection opened = null;
        SQLException sqlFailure = null;
        RuntimeException runtimeError = null;
        try {
            opened = connector.connect(secret);
        } catch (SQLException e) {
            sqlFailure = e;
        } catch (RuntimeException e) {
            runtimeError = e;
        }
        synchronized (this) {
            if (!abandoned) {
                connection = opened;
                failure = sqlFailure;
                error = runtimeError;
                done = true;
                notifyAll();
                return;
            }
        }
        closeQuietly(opened);
    }

    /**
     * The connection, or the login's failure, or a timeout once {@code timeout} has passed. A waiter
     * that is interrupted (the Bootstrap's deadline) gives up too: the late connection is closed.
     */
    synchronized Connection result(Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                abandoned = true;
                throw new SQLTimeoutException("no answer within the login timeout of " + timeout.toSeconds() + " s", "08001");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                abandoned = true;
                throw e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (error != null) {
            throw error;
        }
        return connection;
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Nobody uses this late connection; closing it is a courtesy to Snowflake.
        }
    }
}
