package io.twt.local;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Asks a streamed run to end after its current round; the first reason given is kept. */
final class StopRequest {

    private final CountDownLatch requested = new CountDownLatch(1);
    private String reason;

    void request(String why) {
        synchronized (this) {
            if (reason == null) {
                reason = why;
            }
        }
        requested.countDown();
    }

    /** Waits up to {@code timeout} and returns true when a stop was (or is) requested. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    synchronized String reason() {
        return reason;
    }
}
