package io.twt.functions.refresh;

import io.twt.core.sql.RefreshCompute;
import java.sql.SQLException;

/**
 * Fails the invocation (so the schedule's retry policy and dead-letter queue apply) with one line
 * saying what failed and that nothing was committed. The message carries the engine's error, never
 * the secret or the connection properties.
 */
public final class RefreshFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RefreshFailedException(RefreshCompute compute, Exception cause) {
        super((compute == RefreshCompute.SERVERLESS ? "refresh failed before the refresh task ran" : "refresh failed")
                + ", nothing was committed and the stream keeps its rows for the next run: " + describe(cause), cause);
    }

    static String describe(Exception e) {
        if (e instanceof SQLException sql) {
            return "SQL state " + sql.getSQLState() + ", error " + sql.getErrorCode() + ": " + sql.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
