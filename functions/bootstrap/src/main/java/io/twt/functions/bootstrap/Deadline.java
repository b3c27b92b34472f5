package io.twt.functions.bootstrap;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs work that may hang (a login or statement Snowflake does not answer) so that the caller
 * gets control back in time to answer CloudFormation. The work runs on a daemon thread of its
 * own: one that is stuck is interrupted and left behind rather than blocking the next invocation.
 */
final class Deadline {

    private Deadline() {
    }

    /**
     * The result of {@code work}, or its exception as thrown.
     *
     * @throws TimeoutException when {@code limit} passes first
     */
    static <T> T call(Callable<T> work, Duration limit, String threadName) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
