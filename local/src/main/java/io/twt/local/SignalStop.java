package io.twt.local;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a {@link StopRequest}: the JVM's shutdown hook asks the
 * run to stop, keeps the JVM up while it finishes its round and the final refresh, then ends the
 * process with the run's own exit code (0 when it finished cleanly) rather than the signal's.
 */
final class SignalStop {

    /** How long a signal waits for the last round before the process ends anyway, with code 1. */
    static final Duration FINISH_WAIT = Duration.ofMinutes(2);

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile int exitCode = 1;

    private SignalStop(StopRequest stop, Runnable flushOutput) {
        hook = new Thread(() -> {
            stop.request("a stop signal");
            int code = 1;
            try {
                if (finished.await(FINISH_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    code = exitCode;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flushOutput.run();
            // Halting skips waiting for the main thread, which is blocked in System.exit behind this hook.
            Runtime.getRuntime().halt(code);
        }, "twt-stop");
    }

    static SignalStop install(StopRequest stop, Runnable flushOutput) {
        SignalStop s = new SignalStop(stop, flushOutput);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /**
     * The run is over, its output written. Without a signal the hook is removed and the caller
     * exits as usual; after one, the hook ends the process with {@code code}.
     */
    void finished(int code) {
        exitCode = code;
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down on a signal: the hook exits with the code
        }
    }
}
