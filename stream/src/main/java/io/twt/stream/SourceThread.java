package io.twt.stream;

import io.twt.stream.source.Source;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Source} on its own daemon thread, the same for the forwarder and {@code twt local}.
 * When the source returns by itself or fails, {@code onEnd} is told (with null, or the failure);
 * an interrupt from {@link #stop} is the expected end and tells nothing. A daemon: a source that
 * ignores its stop cannot keep the process alive.
 */
public final class SourceThread {

    /** How long a stopped source gets to return at most before its caller goes on without it. */
    public static final long STOP_MILLIS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(SourceThread.class);

    private final Source source;
    private final Consumer<Throwable> onEnd;
    private final Thread thread;
    private volatile Throwable failure;

    public SourceThread(String name, Source source, Consumer<Throwable> onEnd) {
        this.source = source;
        this.onEnd = onEnd;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Waits until the source ends by itself (a replayed file) or is stopped. */
    public void join() throws InterruptedException {
        thread.join();
    }

    /** The exception that ended the source, or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Asks the source to stop, interrupts its thread and waits for it, at most {@link #STOP_MILLIS}
     * and at most {@code budgetMillis} (at least 1 ms); returns true when it has ended.
     */
    public boolean stop(long budgetMillis) throws InterruptedException {
        source.stop();
        thread.interrupt();
        thread.join(Math.max(1, Math.min(STOP_MILLIS, budgetMillis)));
        return !thread.isAlive();
    }

    private void run() {
        try {
            source.run();
        } catch (InterruptedException e) {
            LOG.info("source interrupted");
            return;
        } catch (Exception | Error e) {
            failure = e;
            LOG.error("source failed: {}", e.toString());
            onEnd.accept(e);
            return;
        }
        onEnd.accept(null);
    }
}
