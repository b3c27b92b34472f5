package io.twt.stream;

import io.twt.stream.source.Source;

/**
 * Runs a {@link Source} on its own daemon thread, the same for the forwarder and {@code twt local}:
 * its {@link Listener} is told how the source ended. A daemon: a source that ignores its stop
 * cannot keep the process alive.
 */
public final class SourceThread {

    /** Told once, on the source thread, how the source ended. */
    @FunctionalInterface
    public interface Listener {
        /** The source returned by itself ({@code failure} null) or failed with {@code failure}. */
        void ended(Throwable failure);

        /** The source's thread was interrupted, as {@link #stop} does: the expected end of a stopped source. */
        default void interrupted() {
        }
    }

    /** How long a stopped source gets to return at most before its caller goes on without it. */
    public static final long STOP_MILLIS = 5000;

    private final Source source;
    private final Listener listener;
    private final Thread thread;
    private volatile Throwable failure;

    public SourceThread(String name, Source source, Listener listener) {
        this.source = source;
        this.listener = listener;
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
            listener.interrupted();
            return;
        } catch (Exception | Error e) {
            failure = e;
            listener.ended(e);
            return;
        }
        listener.ended(null);
    }
}
