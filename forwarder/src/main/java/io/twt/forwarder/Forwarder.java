package io.twt.forwarder;

import io.twt.forwarder.delivery.Batcher;
import io.twt.stream.SourceThread;
import io.twt.stream.source.Source;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a source thread and the sender thread. {@link #shutdown()} stops the source, lets the
 * sender empty the queue and send the last batch, and within the deadline returns: past it the
 * sender is interrupted and what it still holds is dead-lettered rather than lost.
 */
public final class Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final long DEAD_LETTER_RESERVE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Batcher batcher;
    private final Duration shutdownDeadline;
    private final SourceThread sourceThread;
    private final Thread senderThread;
    private boolean shutDown;

    public Forwarder(Source source, Batcher batcher, Duration shutdownDeadline) {
        this.batcher = batcher;
        this.shutdownDeadline = shutdownDeadline;
        this.sourceThread = new SourceThread("twt-source", source, new SourceThread.Listener() {
            @Override
            public void ended(Throwable failure) {
                if (failure != null) {
                    LOG.error("source failed: {}", failure.toString());
                }
            }

            @Override
            public void interrupted() {
                LOG.info("source interrupted");
            }
        });
        this.senderThread = new Thread(batcher, "twt-sender");
    }

    public void start() {
        senderThread.start();
        sourceThread.start();
    }

    /** Waits until the source ends by itself (a replayed file) or is stopped. */
    public void awaitSource() throws InterruptedException {
        sourceThread.join();
    }

    /** The exception that ended the source, or null. */
    public Throwable sourceFailure() {
        return sourceThread.failure();
    }

    /**
     * Stops reading, drains and flushes; returns true when everything was sent within the deadline.
     * The deadline is the whole budget (systemd's TimeoutStopSec enforces it): the last part of it
     * is kept for dead-lettering what is not delivered by then, and this returns by the deadline.
     */
    public synchronized boolean shutdown() throws InterruptedException {
        if (shutDown) {
            return !senderThread.isAlive();
        }
        shutDown = true;
        long budget = shutdownDeadline.toNanos();
        long deadline = System.nanoTime() + budget;
        long interruptAt = deadline - Math.min(DEAD_LETTER_RESERVE_NANOS, budget / 2);
        // The senders need the rest of the deadline more than a slow source needs it to stop.
        sourceThread.stop(remainingMillis(interruptAt));
        batcher.finish(deadline);
        senderThread.join(Math.max(1, remainingMillis(interruptAt)));
        if (senderThread.isAlive()) {
            LOG.warn("shutdown deadline of {} ms nearly reached: dead-lettering what is not sent", shutdownDeadline.toMillis());
            senderThread.interrupt();
            senderThread.join(Math.max(1, remainingMillis(deadline)));
            return false;
        }
        return true;
    }

    private static long remainingMillis(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }
}
