package io.twt.stream.source;

import io.twt.stream.Sleeper;
import java.time.Duration;
import java.util.function.LongSupplier;

/** Spaces posts out to a given rate: post {@code n} goes no earlier than n / rate after the first. */
final class RatePacer {

    private final double postsPerSecond;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private long start = -1;
    private long released;

    RatePacer(double postsPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        this.postsPerSecond = postsPerSecond;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /** Called after each post: waits until the next one is due. */
    void awaitNext() throws InterruptedException {
        long now = nanoClock.getAsLong();
        if (start < 0) {
            start = now;
        }
        long due = start + (long) (++released * 1e9 / postsPerSecond);
        if (due > now) {
            sleeper.sleep(Duration.ofNanos(due - now));
        }
    }
}
