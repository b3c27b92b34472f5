package io.twt.stream;

import java.time.Duration;

/** Waits; injected so that tests can record back-off delays instead of sleeping them. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

    void sleep(Duration duration) throws InterruptedException;
}
